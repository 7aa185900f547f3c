"""Watching how the money is used: quarterly inspections (督查检查) and their report, performance
monitoring (绩效) and the spending charts' figures."""
