"""The `projects` exchange kind: proposal workbooks (template and published lists) ↔ library."""
