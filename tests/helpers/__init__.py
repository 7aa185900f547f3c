"""Shared test helpers (importable as `helpers.…`: pytest.ini puts tests/ on the path)."""
