"""Print preview and printing: ``pages`` paints rendered PDF pages on a printer,
``preview`` shows them, ``session`` renders, previews, prints and records claims."""
