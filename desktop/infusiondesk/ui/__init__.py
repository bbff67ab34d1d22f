"""The desktop app (Qt). A folder per screen; what every screen shares lives here:
``operations.run_op`` runs an operation and announces its ``signals.Changes``,
``worker`` runs long work off the GUI thread with progress, ``errors`` says a failure once.
Nothing here computes billing: each screen asks the ``Practice`` (services)."""
