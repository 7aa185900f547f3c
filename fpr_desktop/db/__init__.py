"""Database access: engine and sessions, column types, declarative base, migrations."""
