"""Plain form inputs as a table: each row says where its value lives in an order-v1
mapping and which input shows it, and a form builds, reads, fills and registers its
inputs from its table in loops (as the rows editor does from its ``RowColumn`` list).
The order header (ui/order/header_fields.py) and the insurance box
(insurance_fields.py) are tables of these: adding a plain field is one row there plus
its place in the layout.

Reading follows the order-v1 format: an empty input leaves its key out, a section
(``patient``, ``patient.address``, ``billing_period``) is written only when one of its
own inputs has a value, and a section's keys the form has no input for (a patient's
middle initial or account number from an imported file) are kept as they came.

A form that edits one rules value (the patient dialog's Patient, Setup's Provider,
Payer and Prescriber) holds a ``RecordInputs``: its table's paths start with the
value's section in an order (``patient``, ``provider``, …), it is filled through the
order-v1 writer (``record_dict``) and read back through the order reader, so the
mapping between the value's fields and the inputs is the table alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from infusiondesk.claims.order_file import parse_party, record_dict
from infusiondesk.ui.widgets.fields import CheckField, ChoiceField, DateField, TextField, UpperField

Path = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormField:
    """One plain input of a form.

    ``path``: its key in the order-v1 mapping; ``name``: the form's attribute for its input;
    ``kind``: the input class; ``label``: the placeholder it shows
    (dates show MM/DD/YYYY instead); ``choices``: a fixed pick list (from
    rules/vocabulary.py), empty when setup fills it (profiles, places of service);
    ``default``: what the order gets when the input is empty; ``width``: a pick list's
    width in characters; ``max_length``, ``max_width``, ``tooltip``: the input's own.
    """

    path: Path
    name: str
    kind: type
    label: str = ""
    choices: Sequence[tuple[Any, str]] = ()
    default: str | None = None
    width: int = 8
    max_length: int | None = None
    max_width: int | None = None
    tooltip: str = ""

    @property
    def where(self) -> str:
        """The path as a problem names it (``patient.address.state``)."""
        return ".".join(self.path)

    def build(self) -> Any:
        widget = _BUILDERS[self.kind](self)
        if self.max_length is not None:
            widget.setMaxLength(self.max_length)
        if self.max_width is not None:
            widget.setMaximumWidth(self.max_width)
        if self.tooltip:
            widget.setToolTip(self.tooltip)
        return widget

    def read(self, widget: Any) -> Any:
        value = widget.value()
        return self.default if value in (None, "") else value


_BUILDERS: dict[type, Callable[[FormField], Any]] = {
    TextField: lambda f: TextField(f.label),
    UpperField: lambda f: UpperField(f.label),
    DateField: lambda _f: DateField(),
    ChoiceField: lambda f: ChoiceField(f.choices, width=f.width),
    CheckField: lambda f: CheckField(f.label),
}


def build_inputs(table: Iterable[FormField]) -> dict[str, Any]:
    """Each row's input by its name."""
    return {field.name: field.build() for field in table}


def read_inputs(
    table: Sequence[FormField], inputs: Mapping[str, Any], kept: Mapping[Path, dict[str, Any]]
) -> dict[str, Any]:
    """The inputs' values as the order-v1 mapping they make (``kept``: the sections' keys
    no input shows, from ``fill_inputs``)."""
    values = {field.path: field.read(inputs[field.name]) for field in table}
    return _section((), values, kept) or {}


def fill_inputs(
    table: Sequence[FormField], inputs: Mapping[str, Any], data: Mapping[str, Any], top: bool = False
) -> dict[Path, dict[str, Any]]:
    """Show ``data`` in the inputs; returns the keys of its sections that no input
    shows, by section, for ``read_inputs`` to put back (``top``: its own keys too, when
    the table is all of ``data``'s, as the insured's is)."""
    for field in table:
        value = _at(data, field.path)
        inputs[field.name].set_value(field.default if value is None else value)
    kept: dict[Path, dict[str, Any]] = {}
    for section in [(), *_sections(table)] if top else _sections(table):
        found = _at(data, section)
        if isinstance(found, dict):
            shown = {f.path[len(section)] for f in table if f.path[: len(section)] == section}
            rest = {k: v for k, v in found.items() if k not in shown}
            if rest:
                kept[section] = rest
    return kept


def input_paths(table: Iterable[FormField], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The input that shows problems at each path and at each section above it (a section
    at its first input: ``patient`` at the last name)."""
    paths: dict[str, Any] = {}
    for field in table:
        for depth in range(1, len(field.path) + 1):
            paths.setdefault(".".join(field.path[:depth]), inputs[field.name])
    return paths


@dataclass(eq=False)
class RecordInputs:
    """The inputs of a form that edits one rules value, from its table (each row's path
    starts with the value's section): built here, filled from a value and read back into
    one, and registered by the path a problem names."""

    table: tuple[FormField, ...]
    inputs: dict[str, Any] = dataclasses.field(init=False)
    _kept: dict[Path, dict[str, Any]] = dataclasses.field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.inputs = build_inputs(self.table)

    @property
    def section(self) -> str:
        return self.table[0].path[0]

    def widgets(self) -> list[Any]:
        """Every input, in the table's order."""
        return [self.inputs[f.name] for f in self.table]

    def fill(self, value: Any | None) -> None:
        """Show ``value`` (None: the empty form, each input at its default)."""
        data = {} if value is None else {self.section: record_dict(value)}
        self._kept = fill_inputs(self.table, self.inputs, data)

    def read(self) -> Any:
        """The value typed, read as an order file's is (so a form and a file agree on every
        field); raises OrderFileError naming each field the reader refuses (``provider.npi``)."""
        return parse_party(
            self.section, read_inputs(self.table, self.inputs, self._kept).get(self.section) or {}
        )

    def paths(self) -> dict[str, Any]:
        """Each input by the path a problem names its field with (``provider.npi``)."""
        return {f.where: self.inputs[f.name] for f in self.table}


def _section(prefix: Path, values: Mapping[Path, Any], kept: Mapping[Path, dict[str, Any]]) -> Any:
    own = {path[-1]: value for path, value in values.items() if path[:-1] == prefix}
    if prefix and all(value is None for value in own.values()):
        return None  # a section is there when one of its own fields is
    data = {**kept.get(prefix, {}), **{k: v for k, v in own.items() if v is not None}}
    depth = len(prefix)
    for key in dict.fromkeys(p[depth] for p in values if len(p) > depth + 1 and p[:depth] == prefix):
        inner = _section((*prefix, key), values, kept)
        if inner is not None:
            data[key] = inner
    return data


def _sections(table: Iterable[FormField]) -> list[Path]:
    found = {field.path[:depth]: None for field in table for depth in range(1, len(field.path))}
    return list(found)


def _at(data: Any, path: Path) -> Any:
    for key in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(key)
    return data
