"""What every module shares: who acts, permissions, settings, audit, calendar, paging, money."""
