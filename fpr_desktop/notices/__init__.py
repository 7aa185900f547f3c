"""The notice register (公告公示登记): notices issued, what they cover, objections, windows."""
