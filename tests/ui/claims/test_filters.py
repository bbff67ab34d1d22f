"""The Claims screen filters in the store (status, payer, service dates), not in Python."""

from __future__ import annotations

from datetime import date

from infusiondesk.ui.claims.view import ClaimsView


def test_filters_reach_list_claims_and_payers_come_from_setup(qtbot, monkeypatch) -> None:
    asked: list[dict] = []

    class Payer:
        def __init__(self, pid: int, name: str) -> None:
            self.id, self.payer = pid, type("P", (), {"name": name})()

    class FakeSetup:
        def payers(self):
            return [Payer(3, "Acme"), Payer(5, "Lone Star")]

    class FakeClaims:
        def list(self, status=None, **filters):
            asked.append({"status": status, **filters})
            return []

        def exported_among(self, claim_ids):
            return frozenset()

    class FakePractice:
        setup, claims = FakeSetup(), FakeClaims()

    from infusiondesk.ui.signals import AppSignals

    view = ClaimsView(FakePractice(), AppSignals())  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.payer.set_value(5)
    view.since.set_value(date(2026, 3, 1))
    view.until.set_value(date(2026, 3, 31))
    view.status.set_value("printed")
    view.refresh()
    assert asked[-1] == {
        "status": "printed",
        "since": date(2026, 3, 1),
        "until": date(2026, 3, 31),
        "payer_id": 5,
        "limit": 1000,
    }
    assert [view.payer.itemText(i) for i in range(view.payer.count())] == ["Any payer", "Acme", "Lone Star"]
