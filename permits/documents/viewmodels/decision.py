"""Decisions: building permit (Baugenehmigung), refusal (Ablehnung), certificate of deemed approval."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from permits.codelists import PROVISION_ORDER, DeviationType, ProvisionType
from permits.documents.drawing import sanitize_site_drawing
from permits.documents.letterhead import Letterhead
from permits.documents.viewmodels import case_records
from permits.documents.viewmodels.base import (
    DocumentHeader,
    LabelledValue,
    ViewModel,
    applicant_letter_header,
    paragraphs,
    project_summary,
    require_texts,
    text,
)
from permits.errors import InvalidInput
from permits.models import Case

# When the officer wrote no reasons: a decision must state some (§ 39 VwVfG).
DEFAULT_APPROVAL_REASONS = "Das Vorhaben entspricht den öffentlich-rechtlichen Vorschriften."
DEFAULT_REFUSAL_REASONS = "Das Vorhaben ist nicht genehmigungsfähig."
# The provision a granted deviation rests on, by its kind (abweichungart).
DEVIATION_LEGAL_BASIS = {
    DeviationType.EXEMPTION: "§ 31 Abs. 2 BauGB",
    DeviationType.PLAN_EXCEPTION: "§ 31 Abs. 1 BauGB",
    DeviationType.DEVIATION: "§ 66 NBauO",
    DeviationType.DEVIATION_S2: "§ 66 NBauO",
    DeviationType.MORATORIUM_EXCEPTION: "§ 14 Abs. 2 BauGB",
}


@dataclass(frozen=True)
class Provision:
    """A Nebenbestimmung (or advisory note) as given: XBau type code, legal area, text."""

    type: ProvisionType
    text: str
    legal_area: str | None = None


@dataclass(frozen=True)
class NumberedProvision:
    number: int
    text: str
    legal_area: str | None


@dataclass(frozen=True)
class ProvisionGroup:
    type: ProvisionType
    heading: str
    items: tuple[NumberedProvision, ...]


@dataclass(frozen=True)
class DeviationRuling:
    """A requested Abweichung, Ausnahme or Befreiung and what the decision says about it."""

    type_label: str
    description: str
    granted: bool
    legal_basis: str | None = None
    reasons: str | None = None


@dataclass(frozen=True)
class ApprovedPlan:
    title: str
    reference: str | None = None  # plan number or document id
    dated: date | None = None


@dataclass(frozen=True)
class GeometryCheck:
    label: str  # "Abstandsfläche Nordwand", "Grundflächenzahl (GRZ)"
    required: str  # formatted by the geometry check: "≥ 3,00 m", "≤ 0,40"
    actual: str
    passed: bool


@dataclass(frozen=True)
class GeometrySummary:
    checks: tuple[GeometryCheck, ...]
    site_drawing_svg: str | None = None  # sanitised, self-contained SVG
    note: str | None = None

    @property
    def all_passed(self) -> bool:
        return all(check.passed for check in self.checks)


@dataclass(frozen=True)
class BuildingPermit(ViewModel):
    header: DocumentHeader
    applied_on: date
    project: tuple[LabelledValue, ...]
    provisions: tuple[Provision, ...]
    approved_plans: tuple[ApprovedPlan, ...]
    reasons: tuple[str, ...]
    geometry: GeometrySummary | None = None
    separate_fee_notice: bool = True
    deviations: tuple[DeviationRuling, ...] = ()

    @property
    def provision_groups(self) -> tuple[ProvisionGroup, ...]:
        return group_provisions(self.provisions)

    @property
    def has_binding_provisions(self) -> bool:
        return any(p.type.is_binding for p in self.provisions)


@dataclass(frozen=True)
class Refusal(ViewModel):
    header: DocumentHeader
    applied_on: date
    project: tuple[LabelledValue, ...]
    reasons: tuple[str, ...]
    hearing_on: date | None = None  # date of the hearing letter (§ 28 VwVfG)


@dataclass(frozen=True)
class DeemedApprovalCertificate(ViewModel):
    header: DocumentHeader
    applied_on: date
    complete_on: date
    deemed_on: date  # the permit is deemed granted at the end of this day
    project: tuple[LabelledValue, ...]
    approved_plans: tuple[ApprovedPlan, ...]
    period_extended: bool = False


def build_building_permit(
    case: Case,
    *,
    applied_on: date,
    conditions: Sequence[Provision | Mapping[str, Any]],
    approved_plans: Sequence[ApprovedPlan | Mapping[str, Any]],
    reasons: Sequence[str],
    case_officer: str,
    geometry_checks: Sequence[GeometryCheck | Mapping[str, Any]] = (),
    site_drawing_svg: str | None = None,
    geometry_note: str | None = None,
    separate_fee_notice: bool = True,
    deviations: Sequence[DeviationRuling | Mapping[str, Any]] = (),
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> BuildingPermit:
    header = applicant_letter_header(case, "Baugenehmigung", issued_on, case_officer, letterhead)
    geometry = None
    if geometry_checks or site_drawing_svg:
        geometry = GeometrySummary(
            checks=tuple(_check(item) for item in geometry_checks),
            site_drawing_svg=sanitize_site_drawing(site_drawing_svg) if site_drawing_svg else None,
            note=geometry_note.strip() if geometry_note else None,
        )
    return BuildingPermit(
        header=header,
        applied_on=applied_on,
        project=project_summary(case),
        provisions=parse_provisions(conditions),
        approved_plans=_plans(approved_plans),
        reasons=require_texts(tuple(reasons), "reasons", "Die Begründung fehlt."),
        geometry=geometry,
        separate_fee_notice=separate_fee_notice,
        deviations=tuple(_deviation(item) for item in deviations),
    )


def build_refusal(
    case: Case,
    *,
    applied_on: date,
    reasons: Sequence[str],
    case_officer: str,
    hearing_on: date | None = None,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> Refusal:
    header = applicant_letter_header(case, "Ablehnung Ihres Bauantrags", issued_on, case_officer, letterhead)
    return Refusal(
        header=header,
        applied_on=applied_on,
        project=project_summary(case),
        reasons=require_texts(tuple(reasons), "reasons", "Eine Ablehnung muss begründet werden."),
        hearing_on=hearing_on,
    )


def build_deemed_approval_certificate(
    case: Case,
    *,
    applied_on: date,
    complete_on: date,
    deemed_on: date,
    approved_plans: Sequence[ApprovedPlan | Mapping[str, Any]],
    case_officer: str,
    period_extended: bool = False,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> DeemedApprovalCertificate:
    subject = "Bescheinigung über den Eintritt der Genehmigungsfiktion"
    header = applicant_letter_header(case, subject, issued_on, case_officer, letterhead)
    if not applied_on <= complete_on < deemed_on <= header.issued_on:
        raise InvalidInput(
            "Die Daten der Genehmigungsfiktion sind nicht schlüssig "
            "(Antrag ≤ Vollständigkeit < Fiktionseintritt ≤ Bescheinigung).",
            field_errors={"deemed_on": ["Datum passt nicht zu Antrag und Vollständigkeit."]},
        )
    return DeemedApprovalCertificate(
        header=header,
        applied_on=applied_on,
        complete_on=complete_on,
        deemed_on=deemed_on,
        project=project_summary(case),
        approved_plans=_plans(approved_plans),
        period_extended=period_extended,
    )


def group_provisions(provisions: Sequence[Provision]) -> tuple[ProvisionGroup, ...]:
    """Group by XBau type in the order a decision lists them; binding provisions are numbered through,
    advisory notes on their own (they are not Nebenbestimmungen)."""
    groups, binding_number = [], 0
    for provision_type in PROVISION_ORDER:
        members = [p for p in provisions if p.type is provision_type]
        if not members:
            continue
        items = []
        for index, provision in enumerate(members, start=1):
            binding_number += 1 if provision_type.is_binding else 0
            number = binding_number if provision_type.is_binding else index
            items.append(
                NumberedProvision(number=number, text=provision.text, legal_area=provision.legal_area)
            )
        groups.append(ProvisionGroup(type=provision_type, heading=provision_type.heading, items=tuple(items)))
    return tuple(groups)


def parse_provisions(items: Sequence[Provision | Mapping[str, Any]]) -> tuple[Provision, ...]:
    """Conditions as the procedure holds them: {"type": "2", "legal_area": "Brandschutz", "text": "..."}."""
    parsed = []
    for index, item in enumerate(items):
        if isinstance(item, Provision):
            parsed.append(item)
            continue
        field = f"conditions[{index}]"
        try:
            provision_type = ProvisionType(text(item, "type") or "")
        except ValueError:
            raise InvalidInput(
                "Unbekannte Art der Nebenbestimmung.",
                field_errors={f"{field}.type": ["Unbekannter Code (nebenbestimmungart)."]},
            ) from None
        body = text(item, "text")
        if not body:
            raise InvalidInput(
                "Eine Nebenbestimmung hat keinen Text.", field_errors={f"{field}.text": ["Text fehlt."]}
            )
        parsed.append(Provision(type=provision_type, text=body, legal_area=text(item, "legal_area")))
    return tuple(parsed)


def _plans(items: Sequence[ApprovedPlan | Mapping[str, Any]]) -> tuple[ApprovedPlan, ...]:
    plans = tuple(_plan(item) for item in items)
    if not plans:
        raise InvalidInput(
            "Die genehmigten Bauvorlagen müssen aufgeführt werden.",
            field_errors={"approved_plans": ["Mindestens ein Eintrag ist erforderlich."]},
        )
    return plans


def _plan(item: ApprovedPlan | Mapping[str, Any]) -> ApprovedPlan:
    if isinstance(item, ApprovedPlan):
        return item
    title = text(item, "title")
    if not title:
        raise InvalidInput(
            "Eine Bauvorlage hat keinen Titel.", field_errors={"approved_plans": ["Titel fehlt."]}
        )
    dated = item.get("dated")
    try:
        dated = date.fromisoformat(dated) if isinstance(dated, str) else dated
    except ValueError:
        dated = False  # reported below
    if dated is not None and not isinstance(dated, date):
        raise InvalidInput("Ungültiges Planungsdatum.", field_errors={"approved_plans": ["Datum ungültig."]})
    return ApprovedPlan(title=title, reference=text(item, "reference"), dated=dated)


def _deviation(item: DeviationRuling | Mapping[str, Any]) -> DeviationRuling:
    """A ruling as recorded ({type, type_label, description, granted, reasons}); a refusal is reasoned."""
    if isinstance(item, DeviationRuling):
        return item
    granted = item.get("granted")
    reasons = text(item, "reasons")
    if not isinstance(granted, bool) or not (granted or reasons):
        raise InvalidInput(
            "Eine Entscheidung über eine Abweichung ist unvollständig.",
            field_errors={"deviations": ["granted angeben; eine Versagung braucht reasons."]},
        )
    code = text(item, "type")
    return DeviationRuling(
        type_label=text(item, "type_label") or DeviationType.label_of(code or "") or "Abweichung",
        description=text(item, "description") or text(item, "rule") or "(ohne Beschreibung)",
        granted=granted,
        legal_basis=text(item, "legal_basis") or _legal_basis(code),
        reasons=reasons,
    )


def _check(item: GeometryCheck | Mapping[str, Any]) -> GeometryCheck:
    if isinstance(item, GeometryCheck):
        return item
    label, required, actual, passed = (
        text(item, "label"),
        text(item, "required"),
        text(item, "actual"),
        item.get("passed"),
    )
    if not (label and required and actual) or not isinstance(passed, bool):
        raise InvalidInput(
            "Ein Prüfergebnis der Geometrie ist unvollständig.",
            field_errors={"geometry_checks": ["label, required, actual und passed angeben."]},
        )
    return GeometryCheck(label=label, required=required, actual=actual, passed=passed)


# --- from the procedure: the decision draft (compile_decision) and the deemed-approval deadline -----------


def decision_reasons(draft: Mapping[str, Any], approved: bool) -> list[str]:
    """The reasons as printed in the decision and recorded for XBau 0205: the officer's paragraphs."""
    default = DEFAULT_APPROVAL_REASONS if approved else DEFAULT_REFUSAL_REASONS
    return paragraphs(draft.get("reasons")) or [default]


def decision_conditions(draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The Nebenbestimmungen as the permit lists them. A draft from the decision desk (`merged`) holds the
    complete list, the agencies' conditions merged in and edited by the officer; an older draft had the
    officer's provisions only, with the agencies' conditions added behind them."""
    if draft.get("merged"):
        return list(draft.get("provisions", []))
    return [*draft.get("provisions", []), *draft.get("agency_conditions", [])]


def decision_deviations(draft: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rulings on the requested deviations, as the permit prints them and the 0205 carries them,
    each with the provision it rests on (`legal_basis`, by its kind)."""
    return [{**item, "legal_basis": _legal_basis(item.get("type"))} for item in draft.get("deviations", [])]


def _legal_basis(code: Any) -> str | None:
    kinds = {t.value: t for t in DeviationType}
    return DEVIATION_LEGAL_BASIS.get(kinds[code]) if code in kinds else None


def approval_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    checks, svg = case_records.geometry_rows(case)
    return {
        "deviations": decision_deviations(given),
        "applied_on": process["received_on"],
        "conditions": decision_conditions(given),
        "approved_plans": case_records.approved_plans(case),
        "reasons": decision_reasons(given, approved=True),
        "geometry_checks": checks,
        "site_drawing_svg": svg,
    }


def refusal_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    return {"applied_on": process["received_on"], "reasons": decision_reasons(given, approved=False)}


def deemed_approval_arguments(
    case: Case, given: Mapping[str, Any], process: Mapping[str, Any]
) -> dict[str, Any]:
    """`given["fiction_due_on"]`: the decision period's last day; the permit is deemed granted after it."""
    last_day = date.fromisoformat(str(given["fiction_due_on"]))
    return {
        "applied_on": process["received_on"],
        "complete_on": process["completed_on"],
        "deemed_on": (last_day + timedelta(days=1)).isoformat(),
        "approved_plans": case_records.approved_plans(case),
        "period_extended": bool(process.get("fiction_deadline_extended")),
    }
