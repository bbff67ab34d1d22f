"""Render the main screens offscreen into docs/screenshots/*.png (for the README).

Uses the fictional sample practice (``infusiondesk.demo_data``) with a fixed date,
so the pictures only change when the screens do. Run from the repository:

    uv run python docs/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from infusiondesk.services.practice import Practice
from infusiondesk.ui.shell.app import application, build_main_window, make_settings
from infusiondesk.ui.shell.screen_names import CLAIMS, ORDER, ORDERS, PATIENTS

OUT = Path(__file__).resolve().parent / "screenshots"
TODAY = date(2026, 3, 16)
SIZE = (1440, 900)


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def save(widget: QWidget, name: str) -> Path:
    settle()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(path.relative_to(OUT.parent.parent))
    return path


def prepare(practice: Practice) -> None:
    """Sample practice, NDCs on its drugs (a clean claim), and a few printed claims."""
    from dataclasses import replace

    practice.setup.load_demo_data(today=TODAY)
    # The sample's practice name is longer than box 33 holds (29 characters).
    provider = replace(practice.setup.practice(), name="Bluebonnet Home Infusion")
    practice.setup.set_practice(provider)
    for summary in practice.orders.list(limit=60):
        order = replace(_with_ndcs(practice.orders.load(summary.id)), provider=provider)
        practice.orders.save(order, summary.id)
    for status_path, summary in zip(
        (("submitted",), ("submitted", "paid"), ()), practice.orders.list(limit=3), strict=False
    ):
        try:
            record = practice.claims.record_printed(summary.id, practice.claims.compute(summary.id))
        except Exception:  # an order the sample left incomplete: skip it
            continue
        for status in status_path:
            practice.claims.set_status(record.id, status, f"PCN{record.id:05d}")


def _with_ndcs(order: object) -> object:
    from dataclasses import replace
    from decimal import Decimal

    ndcs = {
        "J0690": "0143-9924-90",
        "J3370": "0409-6531-02",
        "J2185": "63323-508-20",
        "J1569": "0944-2700-04",
        "J2270": "0409-1890-01",
    }
    therapies = tuple(
        replace(
            t,
            drugs=tuple(
                replace(d, ndc=d.ndc or ndcs.get(d.hcpcs), ndc_unit="UN", ndc_quantity_per_dose=Decimal(1))
                for d in t.drugs
            ),
        )
        for t in order.therapies
    )  # type: ignore[attr-defined]
    return replace(order, therapies=therapies)  # type: ignore[type-var]


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        practice = Practice.open(folder, if_in_use="read-only")
        prepare(practice)
        window = build_main_window(practice, make_settings(Path(folder) / "ui.ini"))
        window.resize(*SIZE)
        window.show()
        shoot(window, practice)
        window.screens[ORDER].stop()
        window.close()
        practice.store.close()
    app.processEvents()
    return 0


def shoot(window: object, practice: Practice) -> None:
    screens = window.screens  # type: ignore[attr-defined]
    window.show_screen(PATIENTS)  # type: ignore[attr-defined]
    patients = screens[PATIENTS]
    patients.table.selectRow(3)
    save(window, "patients")  # type: ignore[arg-type]
    window.show_screen(ORDERS)  # type: ignore[attr-defined]
    save(window, "orders")  # type: ignore[arg-type]
    two = next(o.id for o in practice.orders.list(limit=50) if "," in o.therapies)
    order = screens[ORDER]
    order.open_order(two)
    window.show_screen(ORDER)  # type: ignore[attr-defined]
    save(window, "order-and-live-claim")  # type: ignore[arg-type]
    order.tabs.setCurrentWidget(order.calendar)
    save(window, "service-calendar")  # type: ignore[arg-type]
    order.tabs.setCurrentWidget(order.panel)
    window.show_screen(CLAIMS)  # type: ignore[attr-defined]
    save(window, "claims")  # type: ignore[arg-type]
    shoot_dialogs(window, practice, two)


def shoot_dialogs(window: object, practice: Practice, order_id: int) -> None:
    from infusiondesk.ui.printing.preview import PrintPreviewDialog
    from infusiondesk.ui.setup.dialogs import SetupDialog
    from infusiondesk.ui.setup.profile_editor import ProfileEditor

    setup = SetupDialog(practice, window.settings, "payers", window)  # type: ignore[attr-defined]
    setup.resize(900, 620)
    setup.show()
    save(setup, "setup-payers")
    setup.close()
    editor = ProfileEditor(practice.setup.profiles()["administration-days"], window)  # type: ignore[arg-type]
    editor.show()
    save(editor, "payer-profile")
    editor.close()
    pdf = practice.printing.render(
        [practice.claims.compute(order_id)], "worksheet", force=True, allow_shorten=True, split=True
    )
    preview = PrintPreviewDialog(window, pdf, "1 claim", "worksheet")  # type: ignore[arg-type]
    preview.resize(900, 1000)
    preview.show()
    save(preview, "print-preview")
    preview.close()


if __name__ == "__main__":
    sys.exit(main())
