"""Database layer: the declarative base, engines, sessions and schema revisions."""
