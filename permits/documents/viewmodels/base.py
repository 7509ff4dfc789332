"""Parts every document shares, the JSON round trip of view-models, and reading facts from a case.

A view-model is a frozen dataclass holding exactly what its template prints. It is built once from the
case and the procedure's arguments, so the HTML can be tested without a PDF, and it survives the job queue
as JSON (`to_dict` / `from_dict`), so a retried job prints the same content as the first attempt. Which kind
of document a view-model is, its title and template, is the registry's business (`registry.spec_of`).
"""

from __future__ import annotations

import dataclasses
import enum
import types
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Self, TypeVar, Union, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo

from flask import current_app

from permits.codelists import MeasureType, ProcedureType
from permits.core.runtime import now
from permits.documents.formatting import format_area
from permits.documents.letterhead import Letterhead, letterhead_from_config
from permits.errors import InvalidInput
from permits.models import Case

DEFAULT_SALUTATION = "Sehr geehrte Damen und Herren,"

T = TypeVar("T")


@dataclass(frozen=True)
class PostalAddress:
    name: str
    street: str
    postal_code: str
    city: str
    department: str | None = None  # second line for organisations ("Untere Denkmalschutzbehörde")

    @property
    def lines(self) -> tuple[str, ...]:
        head = (self.name, self.department) if self.department else (self.name,)
        return (*head, self.street, f"{self.postal_code} {self.city}")

    @property
    def one_line(self) -> str:
        return ", ".join(self.lines)


@dataclass(frozen=True)
class LabelledValue:
    """A row of a label/value block (the lines under the subject, the project summary)."""

    label: str
    value: str


@dataclass(frozen=True)
class DocumentHeader:
    """Everything above the body: letterhead, window address, information block, subject, salutation."""

    letterhead: Letterhead
    recipient: PostalAddress
    file_reference: str
    issued_on: date
    case_officer: str
    subject: str
    subject_details: tuple[LabelledValue, ...] = ()
    salutation: str = DEFAULT_SALUTATION
    your_reference: str | None = None
    copy_to: tuple[str, ...] = ()  # "Nachrichtlich" recipients printed after the signature


class ViewModel:
    """Mixin for the document view-models: the header and the JSON round trip."""

    header: DocumentHeader

    def to_dict(self) -> dict[str, Any]:
        data = dump(self)
        assert isinstance(data, dict)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return load(cls, data)


# --- JSON round trip -------------------------------------------------------------------------------


def dump(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, dates to ISO strings, enums to their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [dump(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def load(cls: type[T], data: Mapping[str, Any]) -> T:
    """The inverse of `dump`, driven by the dataclass's type hints; rejects values of the wrong type."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = get_type_hints(cls)
    kwargs = {
        f.name: _load_value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.init and f.name in data
    }
    return cls(**kwargs)


def _load_value(hint: Any, value: Any) -> Any:
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        if value is None:
            return None
        return _load_value(options[0], value)
    if origin is tuple:
        return tuple(_load_value(get_args(hint)[0], item) for item in _expect(value, list))
    if dataclasses.is_dataclass(hint):
        return load(hint, value)  # type: ignore[arg-type]
    if hint is date:
        return date.fromisoformat(_expect(value, str))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint in (str, int, bool):
        if isinstance(value, bool) is not (hint is bool):
            raise ValueError(f"expected {hint.__name__}, got {value!r}")
        return _expect(value, hint)
    raise TypeError(f"unsupported type in a view-model: {hint!r}")


def _expect(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


# --- reading the case ------------------------------------------------------------------------------


def today() -> date:
    """The authority's local date (statutory dates are local), from the runtime clock."""
    return now().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


def section(case: Case, key: str) -> dict[str, Any]:
    value = (case.details or {}).get(key)
    return value if isinstance(value, dict) else {}


def text(data: Mapping[str, Any], key: str) -> str | None:
    """A stripped string from the case JSON, or None; numbers (e.g. a Flur given as 11) become text."""
    value = data.get(key)
    if value is None or isinstance(value, bool | dict | list):
        return None
    return str(value).strip() or None


def paragraphs(value: str | None) -> list[str]:
    """The officer's free text as paragraphs (separated by blank lines)."""
    return [p.strip() for p in (value or "").split("\n\n") if p.strip()]


def lines(value: str | None) -> list[str]:
    """The officer's free text as a list, one entry a line; list bullets ("-", "•") dropped."""
    return [line.strip(" -•\t") for line in (value or "").splitlines() if line.strip(" -•\t")]


def require_address(case: Case, key: str, label: str) -> PostalAddress:
    """The postal address in details[key]; InvalidInput naming every missing field."""
    data = section(case, key)
    values = {name: text(data, name) for name in ("name", "street", "postal_code", "city")}
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise InvalidInput(
            f"Für dieses Schreiben fehlt die Anschrift: {label}.",
            field_errors={f"details.{key}.{name}": ["Angabe fehlt."] for name in missing},
        )
    return PostalAddress(**values)  # type: ignore[arg-type]


def optional_address(case: Case, key: str) -> PostalAddress | None:
    data = section(case, key)
    values = {name: text(data, name) for name in ("name", "street", "postal_code", "city")}
    if any(value is None for value in values.values()):
        return None
    return PostalAddress(**values)  # type: ignore[arg-type]


def project_description(case: Case) -> str:
    return text(section(case, "project"), "description") or case.title


def plot_description(case: Case) -> str | None:
    """'Musterweg 5, 30159 Hannover (Gemarkung Linden, Flur 11, Flurstück 85/3)' from what is known."""
    plot = section(case, "plot")
    street, postal_code, city = text(plot, "street"), text(plot, "postal_code"), text(plot, "city")
    place = " ".join(part for part in (postal_code, city) if part)
    address = ", ".join(part for part in (street, place) if part)
    parcels = [p for p in plot.get("parcels") or [] if isinstance(p, Mapping)]
    described = [d for d in (parcel_description(p) for p in parcels) if d]
    parcel = "; ".join(described) if len(described) > 1 else parcel_description(plot)
    if address and parcel:
        return f"{address} ({parcel})"
    return address or parcel


def parcel_description(plot: Mapping[str, Any]) -> str | None:
    gemarkung, flur = text(plot, "gemarkung"), text(plot, "flur")
    numerator, denominator = text(plot, "zaehler"), text(plot, "nenner")
    parts = []
    if gemarkung:
        parts.append(f"Gemarkung {gemarkung}")
    if flur:
        parts.append(f"Flur {flur}")
    if numerator:
        parts.append(f"Flurstück {numerator}/{denominator}" if denominator else f"Flurstück {numerator}")
    return ", ".join(parts) or None


def project_summary(case: Case) -> tuple[LabelledValue, ...]:
    """The facts about the project a decision restates: work type, building class, procedure, plot size."""
    project, plot = section(case, "project"), section(case, "plot")
    rows = [LabelledValue("Vorhaben", project_description(case))]
    codes = [c for c in project.get("measure_types") or [] if isinstance(c, str)]
    labels = [MeasureType.label_of(c) for c in codes or [text(project, "measure_type") or ""] if c]
    measure = ", ".join(label for label in labels if label) or None
    if measure:
        rows.append(LabelledValue("Art der Maßnahme", measure))
    building_class = project.get("building_class")
    if isinstance(building_class, int) and not isinstance(building_class, bool) and 1 <= building_class <= 5:
        rows.append(LabelledValue("Gebäudeklasse", str(building_class)))
    procedure = ProcedureType.label_of(text(project, "procedure")) or None
    if procedure:
        rows.append(LabelledValue("Verfahrensart", procedure))
    location = plot_description(case)
    if location:
        rows.append(LabelledValue("Grundstück", location))
    area = plot.get("area_m2")
    if isinstance(area, int | float) and not isinstance(area, bool) and area > 0:
        rows.append(LabelledValue("Grundstücksgröße", format_area(area)))
    return tuple(rows)


def subject_details(case: Case) -> tuple[LabelledValue, ...]:
    """The lines under the bold subject: project and plot, as the applicant named them."""
    rows = [LabelledValue("Bauvorhaben", project_description(case))]
    location = plot_description(case)
    if location:
        rows.append(LabelledValue("Grundstück", location))
    return tuple(rows)


def copy_to_designer(case: Case) -> tuple[str, ...]:
    designer = optional_address(case, "designer")
    return (f"Entwurfsverfasser/in: {designer.one_line}",) if designer else ()


def header_for(
    case: Case,
    *,
    letterhead: Letterhead,
    recipient: PostalAddress,
    subject: str,
    issued_on: date | None,
    case_officer: str,
    copy_to: tuple[str, ...] = (),
    your_reference: str | None = None,
) -> DocumentHeader:
    if not case_officer.strip():
        raise InvalidInput(
            "Die Sachbearbeitung muss angegeben werden.", field_errors={"case_officer": ["Angabe fehlt."]}
        )
    return DocumentHeader(
        letterhead=letterhead,
        recipient=recipient,
        file_reference=case.file_reference,
        issued_on=issued_on or today(),
        case_officer=case_officer.strip(),
        subject=subject,
        subject_details=subject_details(case),
        copy_to=copy_to,
        your_reference=your_reference,
    )


def require_after(due_on: date, issued_on: date, field: str) -> None:
    if due_on <= issued_on:
        raise InvalidInput(
            "Die Frist muss nach dem Datum des Schreibens enden.",
            field_errors={field: ["Frist liegt nicht nach dem Datum des Schreibens."]},
        )


def require_texts(values: tuple[str, ...], field: str, message: str) -> tuple[str, ...]:
    cleaned = tuple(value.strip() for value in values if isinstance(value, str) and value.strip())
    if not cleaned:
        raise InvalidInput(message, field_errors={field: ["Mindestens ein Eintrag ist erforderlich."]})
    return cleaned


def applicant_letter_header(
    case: Case, subject: str, issued_on: date | None, case_officer: str, letterhead: Letterhead | None
) -> DocumentHeader:
    """The header of a letter to the applicant, with a copy to the designer (most documents are that)."""
    return header_for(
        case,
        letterhead=letterhead or letterhead_from_config(),
        recipient=require_address(case, "applicant", "Antragsteller/in"),
        subject=subject,
        issued_on=issued_on,
        case_officer=case_officer,
        copy_to=copy_to_designer(case),
    )
