"""The Claims list, a claim's history and status dialogs, and the 837P export."""
