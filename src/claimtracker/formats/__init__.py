"""Formats: the vocabularies of exchange formats, shared by their readers and writers.

No database, no click: names, mappings and limits that an importer and an exporter of the same
format must agree on, declared once.
"""
