"""The frame: the application, the main window and its menu commands, sign-in, idle
lock, housekeeping, restore from backup, the audit log and the shortcut help."""
