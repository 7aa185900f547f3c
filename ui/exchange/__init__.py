"""Spreadsheet exchange in the GUI: import wizard, templates, exports, submission register."""
