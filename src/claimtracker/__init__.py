"""claimtracker: a fact-claim tracker over SQLite or PostgreSQL."""

__version__ = "0.1.0"
