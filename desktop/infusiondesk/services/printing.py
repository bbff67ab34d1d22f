"""Printing: claims as PDF (worksheet or red form) and the printer alignment page.

Pure: no database, so the GUI may run them off its thread. The PDF code is imported
only when asked, so opening the app does not wait for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from infusiondesk.claims.claim import Claim
from infusiondesk.output.errors import PrintRefused
from infusiondesk.output.forms import Form as Form  # re-exported for the GUI's annotations
from infusiondesk.output.forms import as_form as as_form
from infusiondesk.rules.problems import Problem
from infusiondesk.services.billing import form_problems, refusals
from infusiondesk.store.files import write_private_file


def render_claims(
    claims: Iterable[Claim],
    form: str,
    offset_x: float = 0,
    offset_y: float = 0,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    **options: Any,
) -> bytes:
    """PDF bytes of ``claims``; ``options``: allow_shorten, split, force, printed_on
    (``output.pdf.render_claims``). Refused (``PrintRefused``) on the errors of
    ``billing.print_check``, the same check the live panel's "ready to print" shows.
    ``form`` comes from a setting or the command line: a ValueError names a form other
    than "worksheet" or "red-form" before any claim is checked."""
    from infusiondesk.output.pdf import render_claims as render

    chosen = as_form(form)
    claims = list(claims)
    refused = refusals(
        claims,
        allow_shorten=bool(options.get("allow_shorten")),
        split=bool(options.get("split")),
        force=bool(options.get("force")),
    )
    if refused:
        raise PrintRefused(refused)
    return render(
        claims,
        form=chosen,
        offset_x=offset_x,
        offset_y=offset_y,
        progress=progress,
        cancel=cancel,
        **options,
    )


def save_pdf(data: bytes, path: str | Path) -> None:
    """Claims saved as a PDF hold PHI: the file is readable by its owner only. Raises
    OSError (the caller names the file)."""
    write_private_file(Path(path), data)


def alignment_test_pdf(offset_x: float = 0, offset_y: float = 0) -> bytes:
    """One red-form page of alignment marks, to set the printer offsets."""
    from infusiondesk.output.redform import alignment_test_pdf as page

    return page(offset_x=offset_x, offset_y=offset_y)


def render_order_files(
    claims: Iterable[Claim],
    form: str,
    offset_x: float = 0,
    offset_y: float = 0,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> bytes:
    """PDF bytes of claims built from order files (the CLI's ``print``). Refused
    (``PrintRefused``) on the app's print check (``billing.print_check``: the claim's
    errors, a line without a charge, boxes 5 and 7, what doesn't fit its box), so
    "ready to print" means the same in both. With ``force`` only what doesn't fit its box
    refuses: the order format leaves box 24F to the biller when a file has no charges."""
    if not options.get("force"):
        return render_claims(claims, form, offset_x, offset_y, progress, **options)
    from infusiondesk.output.pdf import render_claims as render  # refuses what doesn't fit

    return render(
        list(claims), form=as_form(form), offset_x=offset_x, offset_y=offset_y, progress=progress, **options
    )


def print_problems(claim: Claim, *, allow_shorten: bool = False, split: bool = False) -> tuple[Problem, ...]:
    """What printing this claim would report beyond ``claim.problems``: what a paper
    claim needs and what doesn't fit its box (``billing.form_problems``)."""
    return tuple(
        p for p in form_problems(claim, allow_shorten=allow_shorten, split=split) if p not in claim.problems
    )
