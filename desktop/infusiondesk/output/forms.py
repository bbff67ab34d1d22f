"""A form's name read from a setting or a command line, checked before any work: the
forms themselves are a vocabulary (``rules.vocabulary.PrintForm``). Without reportlab,
so naming a form never loads the PDF code."""

from __future__ import annotations

from infusiondesk.rules.vocabulary import PRINT_FORMS
from infusiondesk.rules.vocabulary import PrintForm as Form

__all__ = ["Form", "as_form"]


def as_form(value: str) -> Form:
    """``value`` (a saved setting, a command-line word) as the form it names; a
    ValueError naming the field for anything else, before any work is done."""
    for form in PRINT_FORMS:
        if value == form:
            return form
    raise ValueError(f"form must be one of {', '.join(PRINT_FORMS)}, not {value!r}")
