"""Services: plain functions over a Session or Engine. They flush, never commit, never print."""
