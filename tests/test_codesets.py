"""The shipped reference data (resources/) and its loader, checked against billing-rules.md."""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import struct
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from infusiondesk import codesets
from infusiondesk.codesets import (
    CodesetError,
    code_kinds,
    load_profiles,
    load_reference,
    place_of_service_codes,
    profile_from_mapping,
    rule_codes,
    therapy_dates,
)
from infusiondesk.paths import resource_path

# billing-rules.md §2, written out from the spec text: key -> (kind, code rule).
HOURLY = {
    "q3h": "S9497",
    "q4h": "S9504",
    "q6h": "S9503",
    "q8h": "S9502",
    "q12h": "S9501",
    "q24h": "S9500",
}
SPEC_THERAPIES = {
    "anti-infective": ("by-frequency", HOURLY, "S9494"),
    "tpn": ("by-volume", ["S9365", "S9366", "S9367", "S9368"], "S9364"),
    "hydration": ("by-volume", ["S9374", "S9375", "S9376", "S9377"], "S9373"),
    "pain-management": (
        "by-method",
        {"continuous": "S9326", "intermittent": "S9327", "implanted-pump": "S9328"},
        "S9325",
    ),
    "chemotherapy": ("by-method", {"continuous": "S9330", "intermittent": "S9331"}, "S9329"),
    "enteral": ("by-method", {"gravity": "S9341", "pump": "S9342", "bolus": "S9343"}, "S9340"),
    "anticoagulant-continuous": ("fixed", "S9336", None),
    "anticoagulant-injection": ("fixed", "S9372", None),
    "immunotherapy": ("fixed", "S9338", None),
    "immunotherapy-injectable": ("fixed", "S9563", None),
    "rsv-monoclonal": ("fixed", "S9562", None),
    "anti-hemophilic": ("fixed", "S9345", None),
    "alpha-1-proteinase": ("fixed", "S9346", None),
    "epoprostenol": ("fixed", "S9347", None),
    "inotropic": ("fixed", "S9348", None),
    "tocolytic": ("fixed", "S9349", None),
    "antiemetic-infusion": ("fixed", "S9351", None),
    "antiemetic-injection": ("fixed", "S9370", None),
    "insulin-continuous": ("fixed", "S9353", None),
    "chelation": ("fixed", "S9355", None),
    "enzyme-replacement": ("fixed", "S9357", None),
    "anti-tnf": ("fixed", "S9359", None),
    "diuretic": ("fixed", "S9361", None),
    "antispasmodic": ("fixed", "S9363", None),
    "corticosteroid": ("fixed", "S9490", None),
    "hematopoietic-hormone": ("fixed", "S9537", None),
    "transfusion": ("fixed", "S9538", None),
    "growth-hormone": ("fixed", "S9558", None),
    "interferon": ("fixed", "S9559", None),
    "hormonal": ("fixed", "S9560", None),
    "irrigation": ("fixed", "S9590", None),
    "hemodialysis": ("fixed", "S9335", None),
    "peritoneal-dialysis": ("fixed", "S9339", None),
    "aerosolized": ("fixed", "S9061", None),
    "injectable-noc": ("fixed", "S9542", None),
    "infusion-noc": ("fixed", "S9379", None),
}

# billing-rules.md §9a, column by column.
SPEC_PROFILES = {
    "nhia": dict(
        service_days="access",
        line_dates="span",
        split_at_month_end=True,
        implanted_access_devices="billable",
        kp_kq_for_compounds=False,
        requires_prior_authorization=False,
    ),
    "administration-days": dict(
        service_days="administration",
        line_dates="span",
        split_at_month_end=True,
        implanted_access_devices="bundled",
        kp_kq_for_compounds=False,
        requires_prior_authorization=False,
    ),
    "per-date-lines": dict(
        service_days="administration",
        line_dates="per-date",
        implanted_access_devices="billable",
        kp_kq_for_compounds=True,
        requires_prior_authorization=True,
    ),
    "medicare-secondary": dict(  # values that differ from the other columns override below
        service_days="access",
        line_dates="per-date",
        implanted_access_devices="billable",
        kp_kq_for_compounds=False,
        requires_prior_authorization=False,
        jz_on_full_use=True,
        medicare_secondary_gy=True,
        ndc_separator="   ",
        diagnosis_pointers_per_line=1,
    ),
}
SAME_IN_EVERY_PROFILE = dict(
    nursing_partial_hour_minutes=31,
    same_day_second_visit="99601",
    tpn_scheme="volume",
    hydration_scheme="volume",
    concurrency_modifier_59=False,
    jz_on_full_use=False,
    ndc_separator=" ",
    multipage_box28="page-totals",  # corrected in §9a: a total per form (NUCC)
    suite_place_of_service="49",
    suite_modifier="SS",
    medicare_secondary_gy=False,
    diagnosis_pointers_per_line=4,
    accept_assignment=True,
)

# billing-rules.md §6: code -> (classification, condition).
SPEC_SUPPLIES = {
    "A4222": ("bundled", ""),
    "A4221": ("bundled", ""),
    "A4216": ("bundled", ""),
    "A4305": ("bundled", ""),
    "E0776": ("bundled", ""),
    "E0781": ("bundled", ""),
    "S5521": ("billable", ""),
    "S5523": ("billable", ""),
    "S5517": ("billable", ""),
    "S5518": ("billable", ""),
    "S5035": ("conditional", "unless-patient-owned"),
    "S5036": ("conditional", "unless-patient-owned"),
    "B4081": ("billable", ""),
    "B4088": ("billable", ""),
    "J1642": ("bundled", ""),
    "J7050": ("conditional", "fluid-unless-hydration"),
    "J7030": ("conditional", "fluid-unless-hydration"),
    "B4034": ("conditional", "enteral-per-diem"),
    "B9002": ("conditional", "enteral-per-diem"),
    "A4300": ("conditional", "profile:implanted_access_devices"),
    "A4301": ("conditional", "profile:implanted_access_devices"),
    "S5498": ("conditional", "catheter-care"),
    "S5502": ("conditional", "catheter-care"),
    "J0690": ("billable", ""),
    "J2997": ("billable", ""),
    "J3490": ("billable", ""),
    "B4150": ("billable", ""),
    "99602": ("billable", ""),
}


@pytest.mark.parametrize("key", SPEC_THERAPIES)
def test_every_therapy_of_the_spec_has_its_code_rule(key):
    kind, codes, other = SPEC_THERAPIES[key]
    rule = load_reference().therapies[key].code_rule
    assert rule.kind == kind
    if kind == "fixed":
        assert rule.code == codes
    elif kind == "by-volume":
        assert [band.code for band in rule.bands] == codes
        assert [band.up_to_ml for band in rule.bands] == [1000, 2000, 3000, None]
        assert rule.flat_code == other and rule.scheme_setting == f"{key}_scheme"
    else:
        assert dict(rule.by_key) == codes and rule.other_code == other


def test_catalogue_has_exactly_the_spec_therapies_and_flags():
    therapies = load_reference().therapies
    assert set(therapies) == set(SPEC_THERAPIES)
    assert [key for key, entry in therapies.items() if entry.fluid_is_drug] == ["hydration"]
    assert [key for key, entry in therapies.items() if entry.enteral] == ["enteral"]
    assert all(entry.label.strip() for entry in therapies.values())
    # by-method therapies fall to their "method unknown" code, so they have no default method
    assert all(e.default_method is None for e in therapies.values() if e.code_rule.kind == "by-method")


def test_every_code_a_therapy_can_produce_is_described_and_in_effect_with_the_therapy():
    reference = load_reference()
    for key, entry in reference.therapies.items():
        start, _ = therapy_dates()[key]
        for code in rule_codes(entry.code_rule):
            assert reference.descriptor(code, on=start) is not None, (key, code)
            assert code_kinds()[code] == "per-diem", code


def test_s9563_is_in_effect_from_2023_04_01():
    reference = load_reference()
    assert reference.descriptor("S9563", on=date(2023, 3, 31)) is None
    assert reference.descriptor("S9563", on=date(2023, 4, 1)) is not None
    assert therapy_dates()["immunotherapy-injectable"] == (date(2023, 4, 1), None)


def test_s9562_wording_changes_on_2023_04_01():
    reference = load_reference()
    before = reference.descriptor("S9562", on=date(2023, 3, 31))
    after = reference.descriptor("S9562", on=date(2023, 4, 1))
    assert before is not None and after is not None and before.long != after.long
    assert "monoclonal antibody for RSV" in after.long and "RSV" not in before.long
    assert reference.descriptor("S9562") == after  # no date: the newest wording


def test_descriptors_have_cms_lengths_and_known_kinds():
    for code, versions in load_reference().descriptors.items():
        for version in versions:
            assert 0 < len(version.short) <= 28 and version.long, code
    assert set(code_kinds().values()) <= set(codesets.KINDS.split())
    assert code_kinds()["99601"] == "nursing" and code_kinds()["S5502"] == "catheter-care"


def test_drug_catalogue_covers_common_home_infusion_drugs():
    reference = load_reference()
    assert len(reference.drugs) >= 30
    for drug in reference.drugs:
        assert reference.descriptor(drug.hcpcs) is not None, drug.hcpcs
        assert drug.unit_amount > 0 and drug.descriptor, drug.name
    assert len({drug.name for drug in reference.drugs}) == len(reference.drugs)


@pytest.mark.parametrize(
    ("code", "amount", "unit"),
    [
        ("J0690", "500", "mg"),
        ("J3370", "500", "mg"),
        ("J2543", "1.125", "g"),
        ("J0878", "1", "mg"),
        ("J2540", "600000", "units"),
        ("J1642", "10", "units"),
        ("J7030", "1000", "ml"),
        ("J7050", "250", "ml"),
        ("B4150", "100", "cal"),
    ],
)
def test_drug_unit_sizes_are_the_published_hcpcs_units(code, amount, unit):
    drug = load_reference().drug_by_code(code)
    assert drug is not None and (drug.unit_amount, drug.unit) == (Decimal(amount), unit)


def test_noc_drug_codes_ask_for_ndc_and_description():
    for code in ("J3490", "J3590"):
        drug = load_reference().drug_by_code(code)
        assert drug is not None and drug.unit == "each" and drug.unit_amount == 1
        assert "NDC" in drug.descriptor and "box 19" in drug.descriptor


@pytest.mark.parametrize("code", SPEC_SUPPLIES)
def test_supply_classification_follows_section_6(code):
    rule = load_reference().supply_rule(code)
    assert rule is not None, code
    assert (rule.classification, rule.condition) == SPEC_SUPPLIES[code]


def test_every_supply_rule_explains_itself_with_a_source():
    for rule in load_reference().supply_rules:
        assert rule.reason.endswith(".") and len(rule.reason.split()) >= 6, rule
        assert rule.source in codesets.SOURCES, rule
    used = {rule.condition for rule in load_reference().supply_rules} - {""}
    assert used == set(codesets.CONDITIONS.split())  # the four the engine implements


def test_shipped_ranges_never_overlap_so_only_single_codes_refine_them():
    ranges = [r for r in load_reference().supply_rules if r.first != r.last]
    for index, one in enumerate(ranges):
        for other in ranges[index + 1 :]:
            assert one.last < other.first or other.last < one.first, (one, other)


def test_loader_puts_the_narrower_of_overlapping_ranges_first(tmp_resources):
    (tmp_resources / "supplies.csv").write_text(
        "first,last,classification,condition,reason,source\n"
        "A4000,A9999,bundled,,Wide range of supplies is bundled into the per diem.,nhia\n"
        "A4300,A4399,billable,,Narrow range of supplies is billed on its own line.,nhia\n"
        "A4301,A4301,bundled,,This single code is bundled into the per diem.,hcsc\n",
        encoding="utf-8",
    )
    reference = load_reference()
    assert reference.supply_rule("A4350").first == "A4300"
    assert reference.supply_rule("A4301").first == "A4301"
    assert reference.supply_rule("A5000").first == "A4000"
    assert reference.supply_rule("B4000") is None


def test_shipped_profiles_carry_the_section_9a_values():
    profiles = load_profiles()
    assert set(profiles) == set(SPEC_PROFILES)
    for key, expected in SPEC_PROFILES.items():
        profile = profiles[key]
        assert profile.key == key and profile.label.strip()
        for setting, value in {**SAME_IN_EVERY_PROFILE, **expected}.items():
            assert getattr(profile, setting) == value, (key, setting)
        assert profile.max_span_days is None and profile.daily_nursing_minutes_cap is None


def test_a_user_copy_round_trips_through_profile_from_mapping():
    nhia = load_profiles()["nhia"]
    settings = {**nhia.as_dict(), "key": "acme-ppo", "label": "Acme PPO", "max_span_days": 31}
    copy = profile_from_mapping(settings)
    assert copy == nhia.with_changes(key="acme-ppo", label="Acme PPO", max_span_days=31)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("colour", "blue"),
        ("service_days", "daily"),
        ("split_at_month_end", "yes"),
        ("nursing_partial_hour_minutes", 61),
        ("nursing_partial_hour_minutes", True),
        ("ndc_separator", "  "),
        ("suite_place_of_service", "4"),
        ("max_span_days", 0),
    ],
)
def test_profile_from_mapping_rejects_a_bad_setting_by_name(setting, value):
    with pytest.raises(ValueError, match=f"'{setting}'"):
        profile_from_mapping({"key": "acme", "label": "Acme", setting: value})


def test_profile_from_mapping_needs_key_and_label():
    with pytest.raises(ValueError, match="'label'"):
        profile_from_mapping({"key": "acme"})


def test_reference_is_loaded_once():
    assert load_reference() is load_reference()
    first, second = load_profiles(), load_profiles()
    assert first == second and first is not second  # callers may add to their own copy


def test_place_of_service_codes_include_home_and_every_profile_suite():
    places = place_of_service_codes()
    assert places["12"] == "Home" and places["01"] == "Pharmacy"
    assert {p.suite_place_of_service for p in load_profiles().values()} <= set(places)


def test_loader_names_file_line_and_field_of_a_bad_row(tmp_resources):
    hcpcs = tmp_resources / "hcpcs.csv"
    lines = hcpcs.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2000-01-01", "2000-13-01")
    hcpcs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodesetError, match=r"hcpcs\.csv line 2 effective_from: '2000-13-01'"):
        load_reference()


def test_loader_rejects_a_therapy_code_without_descriptor(tmp_resources):
    therapies = tmp_resources / "therapies.toml"
    text = therapies.read_text(encoding="utf-8").replace('"S9590"', '"S9591"')
    therapies.write_text(text, encoding="utf-8")
    with pytest.raises(CodesetError, match=r"\[irrigation\].*S9591"):
        load_reference()


def test_loader_rejects_an_unknown_rule_kind(tmp_resources):
    therapies = tmp_resources / "therapies.toml"
    text = therapies.read_text(encoding="utf-8").replace('kind = "by-method"', 'kind = "by-day"')
    therapies.write_text(text, encoding="utf-8")
    with pytest.raises(CodesetError, match=r"\[pain-management\] code_rule: kind"):
        load_reference()


def test_loader_imports_no_gui_database_or_pdf_library():
    code = (
        "import sys, infusiondesk.codesets as c; c.load_reference(); "
        "print(sorted(m for m in ('PySide6', 'sqlite3', 'reportlab') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _clear_caches():
    for value in vars(codesets).values():
        if hasattr(value, "cache_clear"):
            value.cache_clear()


@pytest.fixture
def tmp_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of resources/ the test may edit; the loader reads it with fresh caches."""
    root = tmp_path / "resources"
    shutil.copytree(resource_path(), root)
    monkeypatch.setattr(codesets, "resource_path", lambda *parts: root.joinpath(*parts))
    _clear_caches()
    yield root
    _clear_caches()


# --- ICD-10-CM (resources/icd10cm/) ------------------------------------------------


def _edit_icd_table(root: Path, old: str, new: str) -> None:
    table = root / "icd10cm" / "icd10cm.csv.gz"
    text = gzip.decompress(table.read_bytes()).decode("utf-8")
    assert text.count(old) == 1
    table.write_bytes(gzip.compress(text.replace(old, new).encode("utf-8")))


def test_icd_loader_rejects_a_span_that_does_not_start_on_a_release_date(tmp_resources):
    _edit_icd_table(tmp_resources, "\nI2081,2023-10-01,,", "\nI2081,2023-10-02,,")
    with pytest.raises(CodesetError, match=r"icd10cm\.csv\.gz line \d+: billable_from '2023-10-02'"):
        codesets.load_icd10cm()


def test_icd_loader_rejects_a_span_that_ends_inside_a_release(tmp_resources):
    _edit_icd_table(tmp_resources, "\nI208,2015-10-01,2023-09-30,", "\nI208,2015-10-01,2023-09-29,")
    with pytest.raises(CodesetError, match=r"billable_to '2023-09-29'"):
        codesets.load_icd10cm()


def test_icd_loader_rejects_a_code_with_its_dot(tmp_resources):
    _edit_icd_table(tmp_resources, "\nI2081,2023-10-01,,", "\nI20.81,2023-10-01,,")
    with pytest.raises(CodesetError, match=r"'I20\.81' is not an ICD-10-CM code"):
        codesets.load_icd10cm()


def test_icd_releases_must_rise(tmp_resources):
    releases = tmp_resources / "icd10cm" / "releases.csv"
    lines = releases.read_text(encoding="utf-8").splitlines()
    lines[1], lines[2] = lines[2], lines[1]
    releases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CodesetError, match=r"releases\.csv line 3: dates must rise"):
        codesets.load_icd10cm()


def test_the_reference_carries_the_icd_releases_and_shares_their_spans():
    codes = load_reference().icd10cm
    assert codes is codesets.load_icd10cm()
    assert codes.spans["A000"] is codes.spans["A001"]  # one tuple for every code of the same dates
    assert [r.name for r in codes.releases if r.effective >= date(2022, 10, 1)][:3] == [
        "FY2023",
        "April 2023 update",
        "FY2024",
    ]


def _build_script():
    spec = importlib.util.spec_from_file_location("icd10cm_build", resource_path("icd10cm", "build.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_reads_the_mce_master_records_and_merges_split_spans():
    """24-byte records after a 32-byte DECM header: code, from, through (YYYYMMDD)."""
    build = _build_script()

    def record(code: str, first: int, last: int) -> bytes:
        return code.encode().ljust(8, b"\0") + struct.pack("<II", first, last) + bytes(8)

    records = [record("I208", 20151001, 20230930), record("A000", 20151001, 20220331)]
    records += [record("A000", 20220401, 20270331)]  # the same code, an attribute changed
    blob = b"junk" + b"DECM" + struct.pack("<I", len(records)) + bytes(24) + b"".join(records)
    assert build.mce_spans(blob) == {
        "I208": [(date(2015, 10, 1), date(2023, 9, 30))],
        "A000": [(date(2015, 10, 1), None)],  # through the data's horizon: still billable
    }


def test_build_spells_out_seventh_characters_as_cms_does():
    build = _build_script()
    xml = b"""<ICD10CM.tabular><chapter><section><diag><name>T82</name><desc>Complications</desc>
      <sevenChrDef><extension char="A">initial encounter</extension>
      <extension char="S">sequela</extension></sevenChrDef>
      <diag><name>T82.7</name><desc>Infection due to devices</desc></diag></diag></section></chapter>
      </ICD10CM.tabular>"""
    described, billable = build.tabular(xml)
    assert billable == {"T827XXA", "T827XXS"}
    assert described["T827XXA"] == "Infection due to devices, initial encounter"
    assert described["T82"] == "Complications"
