"""The 系统管理 tab: divisions, users, parameters, audit log and the working-day calendar."""
