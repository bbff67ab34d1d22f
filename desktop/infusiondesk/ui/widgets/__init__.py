"""Widgets and models shared by the screens: fields, code pickers, row editors,
list models and views, label text and value conversions."""
