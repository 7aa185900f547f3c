"""Administrative divisions (行政区划): the county tree, its default data and its import kind."""
