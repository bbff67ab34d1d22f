"""Pure billing rules: immutable values in, immutable values out.

Nothing here does I/O or imports Qt, SQLite or reportlab (a test enforces it).
Reference data (code sets, payer profiles) is passed in as values; see
``infusiondesk.codesets`` for the loader.
"""
