"""The municipality's consent (§ 36 BauGB): when it is needed, which municipality gives it, what it binds.

**When.** § 36 Abs. 1 BauGB asks for the municipality's consent in the cases of §§ 31, 33 to 35 BauGB:
an exemption or exception from a development plan (§ 31), a plan in preparation (§ 33), the built-up
inner area (§ 34) or the outer area (§ 35). Inside a qualified development plan (§ 30 Abs. 1) without a
requested exemption it is not needed. The case facts decide, any one that needs consent wins:

1. the application requests an exemption or exception (`details.project.exemptions`, or a deviation of
   kind `befreiung`/`ausnahme` in `details.project.deviations`);
2. the application states the planning area (`details.project.planning_area` or `details.plot
   .planning_area`: `qualified_plan`, `simple_plan`, `plan_in_preparation`, `inner_area`, `outer_area`);
3. the latest geometry check: it names the municipality when the plot lies outside every plan or the plan
   needs an exemption (`permits.geometry` rules `plan:outside_plan`, `plan:dispensation`); a check that
   found a plan fixing the type of use (`zone_type`) without either counts as a qualified plan.

Without any of these facts consent is asked for: that the plot lies in a qualified plan is not established.

**Who.** The municipality the plot lies in: by the plot's official municipality key (`details.plot
.municipality_key`, AGS) or its cadastral district (`details.plot.gemarkung`), matched against the
municipalities' `municipality_key` and `cadastral_districts`. Only when a single municipality is set up is
it taken without a match; otherwise the step fails and names the plot.

**What it binds.** A refused consent binds the building authority: a permit cannot be approved and no
permit is deemed approved while the refusal stands (`require_consent_for_approval`, `consent_refused`).
The replacement of an unlawfully refused consent (§ 36 Abs. 2 Satz 3 BauGB, by the authority the Land
names [verify NI]) is a separate decision not modelled here.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from permits.codelists import ReviewKind, Verdict
from permits.errors import InvalidInput, ProcessError
from permits.extensions import db
from permits.models import Authority, AuthorityKind, Case, GeometryCheck, ReviewRequest

# planning_area value -> (consent needed, reason)
PLANNING_AREAS: dict[str, tuple[bool, str]] = {
    "qualified_plan": (False, "Qualifizierter Bebauungsplan (§ 30 Abs. 1 BauGB)"),
    "simple_plan": (True, "Einfacher Bebauungsplan, im Übrigen §§ 34, 35 BauGB (§ 30 Abs. 3 BauGB)"),
    "plan_in_preparation": (True, "Bebauungsplan in Aufstellung (§ 33 BauGB)"),
    "inner_area": (True, "Im Zusammenhang bebauter Ortsteil (§ 34 BauGB)"),
    "outer_area": (True, "Außenbereich (§ 35 BauGB)"),
}
EXEMPTION_KINDS = frozenset({"befreiung", "ausnahme", "exemption", "exception"})
GEOMETRY_RULES = frozenset({"plan:outside_plan", "plan:dispensation"})
UNKNOWN = "Lage im Geltungsbereich eines qualifizierten Bebauungsplans nicht festgestellt"


def consent_need(case: Case) -> dict[str, Any]:
    """{"required": bool, "reasons": [German]}: whether § 36 BauGB consent is needed, and why."""
    needed: list[str] = []
    not_needed: list[str] = []
    project = _mapping((case.details or {}).get("project"))
    plot = _mapping((case.details or {}).get("plot"))
    if _exemptions(project):
        needed.append("Befreiung oder Ausnahme beantragt (§ 31 BauGB)")
    area = project.get("planning_area") or plot.get("planning_area")
    if area:
        if area not in PLANNING_AREAS:
            raise ProcessError(f"Unbekannte Angabe zum Planungsrecht: {area!r}.")
        required, reason = PLANNING_AREAS[str(area)]
        (needed if required else not_needed).append(reason)
    geometry = _latest_geometry(case.id)
    if geometry is not None:
        hits = [a for a in geometry.get("agencies", []) if a.get("rule_id") in GEOMETRY_RULES]
        if hits:
            needed += [str(a.get("reason") or a.get("rule_id")) for a in hits]
        elif geometry.get("zone_type"):
            not_needed.append(f"Geometrieprüfung: Bebauungsplan setzt {geometry['zone_type']} fest")
    if needed:
        return {"required": True, "reasons": needed}
    if not_needed:
        return {"required": False, "reasons": not_needed}
    return {"required": True, "reasons": [UNKNOWN]}


def municipality_of_plot(case: Case) -> tuple[Authority, str]:
    """The municipality the plot lies in, and how it was found (German, for the audit log)."""
    plot = _mapping((case.details or {}).get("plot"))
    municipalities = list(
        db.session.scalars(
            select(Authority)
            .where(or_(Authority.kind == AuthorityKind.MUNICIPALITY, Authority.agency_type == "municipality"))
            .order_by(Authority.id)
        )
    )
    key = str(plot.get("municipality_key") or plot.get("ags") or "").strip()
    if key:
        for authority in municipalities:
            if authority.municipality_key and authority.municipality_key == key:
                return authority, f"Gemeindeschlüssel {key}"
    district = str(plot.get("gemarkung") or "").strip()
    if district:
        for authority in municipalities:
            districts = {str(d).strip().casefold() for d in authority.cadastral_districts or []}
            if district.casefold() in districts:
                return authority, f"Gemarkung {district}"
    if len(municipalities) == 1:
        return municipalities[0], "einzige eingerichtete Gemeinde"
    where = f"Gemarkung {district}" if district else "ohne Gemarkung"
    raise ProcessError(
        f"Die Gemeinde des Baugrundstücks ({where}) ist nicht bestimmbar: keiner Gemeinde ist diese "
        "Gemarkung oder dieser Gemeindeschlüssel zugeordnet."
    )


def consent_review(case_id: int) -> ReviewRequest | None:
    """The latest § 36 request of the case, if consent was asked for."""
    return db.session.scalars(
        select(ReviewRequest)
        .where(ReviewRequest.case_id == case_id, ReviewRequest.kind == ReviewKind.MUNICIPAL_CONSENT)
        .order_by(ReviewRequest.id.desc())
        .limit(1)
    ).first()


def consent_outcome(case_id: int) -> str:
    """The municipality's answer: its last timely verdict (consent | objection), `deemed_consent`, `open`,
    `withdrawn`, or `not_requested`."""
    review = consent_review(case_id)
    if review is None:
        return "not_requested"
    timely = [s for s in review.statements if not s.late]
    if timely:
        return timely[-1].verdict.value
    return review.status.value


def consent_refused(case_id: int) -> bool:
    return consent_outcome(case_id) == Verdict.OBJECTION.value


def require_consent_for_approval(case_id: int) -> None:
    """A refused § 36 consent binds the building authority: approval is refused with the reason."""
    review = consent_review(case_id)
    if review is None or not consent_refused(case_id):
        return
    refusal = [s for s in review.statements if not s.late][-1]
    when = f"{refusal.received_at:%d.%m.%Y}"
    message = (
        f"Die Gemeinde ({review.authority.name}) hat das Einvernehmen nach § 36 BauGB am {when} versagt. "
        "Die Baugenehmigung darf nicht erteilt werden, solange das Einvernehmen nicht ersetzt ist; "
        "der Antrag ist nach Anhörung abzulehnen."
    )
    raise InvalidInput(message, field_errors={"decision": [message]})


def _exemptions(project: dict[str, Any]) -> bool:
    if project.get("exemptions"):
        return True
    deviations = project.get("deviations") or []
    return any(
        isinstance(d, dict) and str(d.get("kind") or "").casefold() in EXEMPTION_KINDS for d in deviations
    )


def _latest_geometry(case_id: int) -> dict[str, Any] | None:
    result = db.session.scalars(
        select(GeometryCheck.result)
        .where(GeometryCheck.case_id == case_id)
        .order_by(GeometryCheck.created_at.desc(), GeometryCheck.id.desc())
        .limit(1)
    ).first()
    return result if isinstance(result, dict) else None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
