"""Reporting: the documented SQL views and the named reports built on them."""
