"""Exporters: turn plain data into formats. No database, no click."""
