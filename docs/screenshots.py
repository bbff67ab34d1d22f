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

from infusiondesk.ui.app import application, build_main_window, make_settings
from infusiondesk.ui.backend import Backend
from infusiondesk.ui.main_window import CLAIMS, ORDER, ORDERS, PATIENTS

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


def prepare(backend: Backend) -> None:
    """Sample practice, NDCs on its drugs (a clean claim), and a few printed claims."""
    from dataclasses import replace

    backend.load_demo_data(today=TODAY)
    # The sample's practice name is longer than box 33 holds (29 characters).
    practice = replace(backend.practice(), name="Bluebonnet Home Infusion")
    backend.set_practice(practice)
    for summary in backend.list_orders(limit=60):
        order = replace(_with_ndcs(backend.load_order(summary.id)), provider=practice)
        backend.save_order(order, summary.id)
    for status_path, summary in zip(
        (("submitted",), ("submitted", "paid"), ()), backend.list_orders(limit=3), strict=False
    ):
        try:
            record = backend.record_printed_claim(summary.id, backend.compute_claim(summary.id))
        except Exception:  # an order the sample left incomplete: skip it
            continue
        for status in status_path:
            backend.set_claim_status(record.id, status, f"PCN{record.id:05d}")


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
        backend = Backend.open(folder)
        prepare(backend)
        window = build_main_window(backend, make_settings(Path(folder) / "ui.ini"))
        window.resize(*SIZE)
        window.show()
        shoot(window, backend)
        window.screens[ORDER].stop()
        window.close()
        backend.store.close()
    app.processEvents()
    return 0


def shoot(window: object, backend: Backend) -> None:
    screens = window.screens  # type: ignore[attr-defined]
    window.show_screen(PATIENTS)  # type: ignore[attr-defined]
    patients = screens[PATIENTS]
    patients.table.selectRow(3)
    save(window, "patients")  # type: ignore[arg-type]
    window.show_screen(ORDERS)  # type: ignore[attr-defined]
    save(window, "orders")  # type: ignore[arg-type]
    two = next(o.id for o in backend.list_orders(limit=50) if "," in o.therapies)
    order = screens[ORDER]
    order.open_order(two)
    window.show_screen(ORDER)  # type: ignore[attr-defined]
    save(window, "order-and-live-claim")  # type: ignore[arg-type]
    order.tabs.setCurrentWidget(order.calendar)
    save(window, "service-calendar")  # type: ignore[arg-type]
    order.tabs.setCurrentWidget(order.panel)
    window.show_screen(CLAIMS)  # type: ignore[attr-defined]
    save(window, "claims")  # type: ignore[arg-type]
    shoot_dialogs(window, backend, two)


def shoot_dialogs(window: object, backend: Backend, order_id: int) -> None:
    from infusiondesk.ui.print_preview import PrintPreviewDialog
    from infusiondesk.ui.setup_dialogs import SetupDialog
    from infusiondesk.ui.setup_profile_editor import ProfileEditor

    setup = SetupDialog(backend, window.settings, "payers", window)  # type: ignore[attr-defined]
    setup.resize(900, 620)
    setup.show()
    save(setup, "setup-payers")
    setup.close()
    editor = ProfileEditor(backend.profiles()["administration-days"], window)  # type: ignore[arg-type]
    editor.show()
    save(editor, "payer-profile")
    editor.close()
    pdf = backend.render_pdf(
        [backend.compute_claim(order_id)], "worksheet", force=True, allow_shorten=True, split=True
    )
    preview = PrintPreviewDialog(window, pdf, "1 claim", "worksheet")  # type: ignore[arg-type]
    preview.resize(900, 1000)
    preview.show()
    save(preview, "print-preview")
    preview.close()


if __name__ == "__main__":
    sys.exit(main())
