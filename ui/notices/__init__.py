"""公告公示: the notice register page, notice detail, preview and batch generation."""
