"""The 项目库 tab: project list, proposal form, life-cycle steps, records and the annual plan."""
