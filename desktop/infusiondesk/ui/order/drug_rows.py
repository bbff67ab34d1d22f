"""The drug rows of a therapy: catalogue picker, NDC, dose, units, waste, compound,
and a NOC description.

Picking a drug from the catalogue fills its dose unit and NDC unit qualifier; an
NDC may be typed in any hyphenated form and is shown as 5-4-2. A not-otherwise-
classified code (J3490, J3590, …) opens a description line under its drug, which
box 19 prints (billing-rules.md); "Compound" marks an ingredient of a compound,
billed with KP (first) or KQ under profiles that use them.
"""

from __future__ import annotations

from typing import Any

from infusiondesk.rules.catalogue import Reference
from infusiondesk.rules.drugs import NOC_CODES
from infusiondesk.rules.vocabulary import DOSE_UNITS, NDC_UNITS
from infusiondesk.ui.widgets.code_fields import NdcField
from infusiondesk.ui.widgets.fields import CheckField, ChoiceField, NumberField, SearchChoiceField, TextField
from infusiondesk.ui.widgets.rows import RowColumn


def follow_drug_code(reference: Reference, fields: dict[str, Any]) -> None:
    """Wire one drug row: the chosen code fills units and shows the NOC description."""

    def chosen() -> None:
        entry = reference.drug_by_code(fields["hcpcs"].value() or "")
        if entry is None:
            return
        if entry.unit in DOSE_UNITS:
            fields["dose_unit"].set_value(entry.unit)
        fields["ndc_unit"].set_value(entry.ndc_unit)

    def describe() -> None:
        # Only a not-otherwise-classified code needs the drug described (box 19).
        fields["description"].setVisible((fields["hcpcs"].value() or "") in NOC_CODES)

    fields["hcpcs"].edited.connect(chosen)
    fields["hcpcs"].currentIndexChanged.connect(lambda _index: describe())  # typed or loaded
    describe()


def drug_columns(reference: Reference) -> list[RowColumn]:
    drugs = [(d.hcpcs, f"{d.hcpcs} {d.name} {d.unit_amount.normalize():f} {d.unit}") for d in reference.drugs]

    def picker() -> SearchChoiceField:
        field = SearchChoiceField(drugs, blank="")
        field.setMinimumWidth(150)
        return field

    return [
        RowColumn("hcpcs", "Drug (HCPCS)", picker, 3),
        RowColumn("ndc", "NDC", NdcField, 2),
        RowColumn("dose", "Dose", lambda: NumberField("per dose")),
        RowColumn("dose_unit", "Unit", lambda: ChoiceField([(u, u) for u in DOSE_UNITS], width=3)),
        RowColumn(
            "ndc_unit", "NDC unit", lambda: ChoiceField([(u, u) for u in NDC_UNITS], blank="", width=2)
        ),
        RowColumn("ndc_quantity_per_dose", "NDC qty", lambda: NumberField("per dose")),
        RowColumn("wasted", "Waste", lambda: NumberField("per dose")),
        RowColumn("wasted_ndc_quantity", "JW NDC", _waste_ndc_field),
        RowColumn("compound", "Cmpd", _compound_field),
        RowColumn("description", "NOC description", _description_field, detail=True),
    ]


def _waste_ndc_field() -> NumberField:
    field = NumberField("per dose")
    field.setMinimumWidth(44)  # the drug row must still fit a 1366-pixel screen (issue 9)
    field.setToolTip(
        "The discarded amount per dose in the NDC unit (e.g. mL), for the JW line's NDC quantity. "
        "Leave blank when the waste converts by itself or the catalogue knows the concentration."
    )
    return field


def _compound_field() -> CheckField:
    field = CheckField()
    field.setToolTip(
        "Cmpd: part of a compound of several drugs: the first ingredient gets KP, the others KQ "
        "(for payers whose profile asks for them)."
    )
    return field


def _description_field() -> TextField:
    field = TextField("Not-otherwise-classified drug: name, strength and dose, as box 19 prints it")
    field.setToolTip("Needed for J3490, J3590 and other unclassified codes; printed in box 19.")
    return field
