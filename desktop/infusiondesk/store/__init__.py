"""The local store: the biller's whole practice in one SQLite file.

``database.open_store`` opens it; the table modules (``patients``, ``orders``,
``claims``, ``setup``, ``charges``, ``profiles``, ``drafts``, ``audit``) read and write it;
``backups`` and ``restore`` keep it safe. The GUI and CLI use it only through
``infusiondesk.services``.

Nothing is imported here: a module of the store imports the module that defines a name
(``store.database``, ``store.errors``), so importing one never loads them all.
"""
