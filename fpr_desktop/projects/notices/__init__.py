"""Notices built from the library: which projects, their table rows, batches, the approval sheet."""
