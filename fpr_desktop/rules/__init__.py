"""Rules that span modules: the working-day calendar and the deadlines built on it."""
