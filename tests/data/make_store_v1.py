"""How tests/data/store-v1.sqlite3 was made: schema 1 (db/0001_initial.sql) only,
through sqlite-utils Migrations as a released app would have, plus fake data.
Kept so the sample can be understood; never rerun it for a released schema."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("store-v1.sqlite3")
AT = "2026-01-15T09:00:00+00:00"


def main() -> int:
    OUT.unlink(missing_ok=True)
    db = Database(OUT)
    migrations = Migrations("infusiondesk")
    sql = (ROOT / "db" / "0001_initial.sql").read_text()
    migrations(name="0001_initial")(lambda d: d.executescript(sql))
    migrations.apply(db)
    with db.atomic():
        db.execute(
            "INSERT INTO providers (id, name, npi, is_practice) "
            "VALUES (1, 'Sample Infusion (FAKE)', '1234567893', 1)"
        )
        db.execute(
            "INSERT INTO payers (id, name, payer_id, profile) "
            "VALUES (1, 'Sample Plan (FAKE)', 'FAKE1', 'nhia')"
        )
        db.execute(
            "INSERT INTO patients (id, last_name, first_name, dob, member_id) VALUES "
            "(1, 'Sampleton', 'Vera', '1950-02-03', 'FAKE000111'), "
            "(2, 'Oldschema', 'Walt', NULL, 'FAKE000222')"
        )
        db.execute(
            "INSERT INTO orders (id, version, patient_id, payer_id, provider_id, "
            "payer_profile, diagnoses, created_at, updated_at) VALUES "
            f"(1, 1, 1, 1, 1, 'nhia', '[\"A41.9\"]', '{AT}', '{AT}')"
        )
        db.execute(
            "INSERT INTO therapies (id, order_id, position, therapy, frequency, start, "
            "stop, method) VALUES (1, 1, 0, 'anti-infective', 'q8h', '2026-01-01', "
            "'2026-01-10', 'intermittent')"
        )
        db.execute("INSERT INTO drugs (therapy_id, position, hcpcs, dose) VALUES (1, 0, 'J0690', '2000')")
        db.execute(
            "INSERT INTO holds (therapy_id, position, first, last) VALUES (1, 0, '2026-01-04', '2026-01-05')"
        )
        db.execute(
            "INSERT INTO nursing_visits (order_id, position, date, minutes) VALUES (1, 0, '2026-01-01', 90)"
        )
        db.execute("INSERT INTO charge_master (code, amount) VALUES ('S9502', '185.00')")
        db.execute(
            "INSERT INTO audit_log (at, actor, entity, entity_id, action) "
            f"VALUES ('{AT}', 'sample', 'order', '1', 'create')"
        )
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("VACUUM")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
