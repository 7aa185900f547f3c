"""The 首页 tab: who is logged in, which database, and the deadlines in force."""
