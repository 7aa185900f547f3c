"""Start-up wiring: opening or connecting a database, bootstrap, demonstration data."""
