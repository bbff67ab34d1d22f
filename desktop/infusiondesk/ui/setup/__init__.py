"""The Setup dialog: practice, payers and profiles, the charge master, printer settings."""
