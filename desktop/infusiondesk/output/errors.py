"""The failures printing and exporting report, apart from the PDF and X12 code.

Kept in a module of their own (no reportlab) so ``services.errors`` can offer them to
the GUI and the CLI without loading the PDF code at start.
"""

from __future__ import annotations

from collections.abc import Sequence

from infusiondesk.rules.problems import Problem


class PrintRefused(Exception):
    """Printing waits for a decision: ``problems`` lists (claim number, problem) for
    every error, the claim number counting from 1 over the claims as they would print
    (after any ``split``)."""

    def __init__(self, problems: Sequence[tuple[int, Problem]]) -> None:
        super().__init__(f"{len(problems)} problem(s) stop printing")
        self.problems = tuple(problems)


class PrintCancelled(Exception):
    """The cancel callback asked to stop; nothing was produced."""


class ExportCancelled(Exception):
    """The cancel callback asked to stop; nothing was produced."""
