"""The order header's plain fields, one row each (a ``FormField`` table, see
ui/widgets/field_table.py): the header builds, reads, fills and registers them in
loops, so adding a plain header field is one row here plus its place in the layout.
The pickers (payer, prescriber from setup), the insurance box (its own table) and the
diagnosis rows are not plain fields and stay with the header.
"""

from __future__ import annotations

from infusiondesk.rules.profile import DEFAULT_PROFILE
from infusiondesk.rules.vocabulary import SEX_SHORT_LABELS
from infusiondesk.ui.widgets.field_table import FormField
from infusiondesk.ui.widgets.fields import ChoiceField, DateField, TextField, UpperField

SEXES = tuple(SEX_SHORT_LABELS.items())

PROFILE_TIP = "How this payer counts per-diem units and lines (set per payer in Setup › Payers)."

# In the order Tab visits them. Box numbers are the CMS-1500's (cms1500-layout.md).
HEADER_FIELDS: tuple[FormField, ...] = (
    FormField(("patient", "last_name"), "last_name", TextField, "Last name"),
    FormField(("patient", "first_name"), "first_name", TextField, "First name"),
    FormField(("patient", "dob"), "dob", DateField, "Born"),
    FormField(("patient", "sex"), "sex", ChoiceField, "Sex", SEXES),
    FormField(("patient", "member_id"), "member_id", UpperField, "Member ID (box 1a)"),
    # Box 5: a paper claim needs the patient's address; it is the patient's own
    # (saved with the order to the patient), shown here so it is entered where missed.
    FormField(("patient", "address", "street"), "street", TextField, "Street (box 5)"),
    FormField(("patient", "address", "city"), "city", TextField, "City"),
    FormField(("patient", "address", "state"), "state", UpperField, "ST", max_width=50),
    FormField(("patient", "address", "zip"), "zip", TextField, "ZIP", max_width=90),
    FormField(
        ("payer_profile",), "profile", ChoiceField, "Profile", default=DEFAULT_PROFILE, tooltip=PROFILE_TIP
    ),
    FormField(
        ("prior_authorization",), "prior_authorization", UpperField, "Prior authorization number (box 23)"
    ),
    FormField(("billing_period", "from"), "period_from", DateField, "Billing period from"),
    FormField(("billing_period", "to"), "period_to", DateField, "Billing period to"),
    FormField(("place_of_service",), "place", ChoiceField, "Place of service", default="12"),
    FormField(("prescriber", "last_name"), "prescriber_last", TextField, "Last name"),
    FormField(("prescriber", "first_name"), "prescriber_first", TextField, "First"),
    FormField(("prescriber", "npi"), "prescriber_npi", TextField, "10-digit NPI"),
)
