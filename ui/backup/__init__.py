"""Backup and restore screens (文件 menu): the restore dialog."""
