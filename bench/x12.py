"""Export 1,000 claims to one 837P file, against computing them and writing bytes.

Targets (issue 15): exporting the 837P (prepare as the form does, check every field,
format, write the file) takes at most 1.3x the time to compute the same claims plus
writing the file's bytes, and under 2 s on this 2-core machine. Run by hand:

    uv run python bench/x12.py [--claims 1000] [--repeat 5]

Orders come from bench/compute.py's generator with a complete header and a charge for
every code they bill, parsed before the clock starts. Figures are the best of
``--repeat`` runs (the machine is shared), each measured side by side:

- compute: ``build_claim`` for every order;
- write: the finished file's bytes written to disk (the floor of any export);
- 837P: ``claims_for_837`` + ``settings_problems``/``claim_problems`` +
  ``render_837`` + the write, i.e. everything ``services.electronic.export_837``
  does except the two small store transactions (control numbers, the record).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime
from pathlib import Path

from compute import generate  # bench/compute.py: the script's folder is on sys.path
from infusiondesk.claims.build import build_claim
from infusiondesk.claims.order_file import parse_order
from infusiondesk.codesets import load_reference
from infusiondesk.output.x12 import ClaimSettings, Envelope, claims_for_837, render_837
from infusiondesk.output.x12_check import claim_problems, settings_problems
from infusiondesk.output.x12_settings import X12Settings

SETTINGS = X12Settings(
    sender_id="SUNRISE01",
    receiver_id="CLEARHOUSE01",
    receiver_name="CLEAR HOUSE INC",
    contact_name="PAT BILLER",
    contact_phone="5125550100",
)
HEADER = {
    "patient": {
        "last_name": "Doe",
        "first_name": "Jane",
        "dob": "1961-04-02",
        "sex": "F",
        "member_id": "XYZ123456789",
        "address": {"street": "1 Main St", "city": "Austin", "state": "TX", "zip": "78701"},
    },
    "payer": {"name": "Acme Health Plan", "payer_id": "12345"},
    "prescriber": {"last_name": "Smith", "first_name": "Ann", "npi": "1234567893"},
    "provider": {
        "name": "Sunrise Infusion Pharmacy",
        "npi": "1245319599",
        "ein": "12-3456789",
        "address": {"street": "9 Elm St", "city": "Austin", "state": "TX", "zip": "787021234"},
    },
    "diagnoses": ["A41.9", "T82.7XXA"],
    "prior_authorization": "PA20260001",
}


def orders(count: int, seed: int) -> list:
    reference = load_reference()
    rng = random.Random(seed)
    profiles = sorted(reference.profiles)
    parsed = []
    for _ in range(count):
        data = {**generate(rng, profiles), **HEADER}
        for therapy in data["therapies"]:
            for drug in therapy["drugs"]:  # NDC quantity in mg, so JW lines have theirs too
                drug.update(ndc_unit="ME", ndc_quantity_per_dose=drug["dose"])
        order = parse_order(data, therapies=reference.therapies, profiles=reference.profiles)
        codes = {line.code for line in build_claim(order, reference).lines}
        data["charges"] = {**{code: "12.50" for code in codes}, **data["charges"]}
        parsed.append(parse_order(data, therapies=reference.therapies, profiles=reference.profiles))
    return parsed


def export(claims: list, path: Path) -> int:
    parts = claims_for_837(claims)
    problems = settings_problems(SETTINGS) + [p for claim in parts for p in claim_problems(claim, SETTINGS)]
    if problems:
        raise SystemExit(f"bench orders are incomplete: {problems[:3]}")
    items = [ClaimSettings(claim, SETTINGS, f"B{n}") for n, claim in enumerate(parts, 1)]
    data = render_837(items, Envelope(1, 1, datetime(2026, 2, 2, 9, 30)))
    path.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reference = load_reference()
    parsed = orders(args.claims, args.seed)
    computes, writes, exports = [], [], []
    with tempfile.TemporaryDirectory() as folder:  # fictional bench data only
        path = Path(folder) / "bench.x12"
        for _ in range(args.repeat):
            started = time.perf_counter()
            claims = [build_claim(order, reference) for order in parsed]
            computes.append(time.perf_counter() - started)
            started = time.perf_counter()
            size = export(claims, path)
            exports.append(time.perf_counter() - started)
            data = path.read_bytes()
            started = time.perf_counter()
            path.write_bytes(data)
            writes.append(time.perf_counter() - started)
    lines = sum(len(claim.lines) for claim in claims)
    compute_s, write_s, export_s = min(computes), min(writes), min(exports)
    print(f"{args.claims} claims, {lines} lines, {size / 1e6:.2f} MB, best of {args.repeat}")
    print(f"compute {compute_s:.3f} s; write bytes {write_s:.4f} s; 837P export {export_s:.3f} s")
    ratio = export_s / (compute_s + write_s)
    print(f"837P export = {ratio:.2f}x (compute + write bytes) (target <= 1.3x); under 2 s: {export_s < 2}")


if __name__ == "__main__":
    main()
