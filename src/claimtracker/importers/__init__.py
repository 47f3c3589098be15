"""Importers: read and check input formats. No database, no click."""
