"""The decision draft: the agencies' conditions merged once, the findings that need an override reason, and
the draft the `compile_decision` step records (and the preview prints) from the officer's input.

One place for the rules of the decision desk, whichever way the draft arrives (page, API):

- every agency condition appears once (same kind and same text, whitespace and case aside, is one
  condition; its sources are all agencies that asked for it);
- approving despite a failed geometry check or an agency's objection needs a reason per finding;
- the draft's `provisions` are the complete list the decision prints (`merged: True`): the agencies'
  conditions are no longer added behind the officer's back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from permits.codelists import ProvisionType, ReviewKind, Verdict
from permits.documents.viewmodels import case_records
from permits.errors import InvalidInput
from permits.models import Case, Statement
from permits.participation import reviews

DECISIONS = ("approval", "rejection")
OVERRIDE_MISSING = "Bitte begründen, warum trotz dieses Befunds genehmigt wird."


@dataclass(frozen=True)
class Finding:
    """Something that speaks against an approval: a failed geometry check or an agency's objection."""

    key: str  # stable within the case: "check:<label>" or "objection:<authority code>"
    kind: str  # "check" | "objection"
    title: str  # German, as the page lists it
    detail: str


def timely_statements(case_id: int) -> list[tuple[str, str, Statement]]:
    """(authority code, authority name, statement) of the last timely statement per participating body."""
    result = []
    for review in reviews.review_requests(case_id=case_id):
        if review.kind != ReviewKind.PARTICIPATION:
            continue
        timely = [s for s in review.statements if not s.late]
        if timely:
            result.append((review.authority.code, review.authority.name, timely[-1]))
    return result


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def merged_conditions(case_id: int) -> list[dict[str, Any]]:
    """The agencies' conditions as proposed Nebenbestimmungen, each once, with the agencies asking for it
    (`source`) and the legal area the agency speaks for when the condition names none."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for _code, name, statement in timely_statements(case_id):
        area = statement.review_request.authority.agency_type
        for condition in statement.conditions:
            text = " ".join(str(condition.get("text") or "").split())
            kind = str(condition.get("type") or "")
            if not text:
                continue
            key = (kind, _normalised(text))
            if key in merged:
                sources = merged[key]["sources"]
                if name not in sources:
                    sources.append(name)
                continue
            merged[key] = {
                "type": kind,
                "legal_area": condition.get("legal_area") or reviews.legal_area(area),
                "text": text,
                "sources": [name],
            }
    return [
        {key: value for key, value in row.items() if key != "sources"} | {"source": ", ".join(row["sources"])}
        for row in merged.values()
    ]


def findings(case: Case) -> list[Finding]:
    """Failed checks of the latest geometry check and objections of timely statements, in that order."""
    rows, _svg = case_records.geometry_rows(case)
    found = [
        Finding(
            key=f"check:{row['label']}"[:300],
            kind="check",
            title=f"Prüfung nicht eingehalten: {row['label']}",
            detail=f"Anforderung {row['required']}, Vorhaben {row['actual']}",
        )
        for row in rows
        if not row["passed"]
    ]
    for code, name, statement in timely_statements(case.id):
        if statement.verdict != Verdict.OBJECTION:
            continue
        areas = [a["legal_area"] for a in statement.areas if a.get("verdict") == Verdict.OBJECTION]
        found.append(
            Finding(
                key=f"objection:{code}"[:300],
                kind="objection",
                title=f"Versagung durch {name}",
                detail=(f"Rechtsbereich: {', '.join(areas)}. " if areas else "")
                + (statement.text or "ohne Begründung"),
            )
        )
    return found


def override_errors(
    found: Sequence[Finding], decision: str | None, overrides: Sequence[Mapping[str, Any]]
) -> dict[str, list[str]]:
    """An approval against a finding needs its reason. Errors are keyed like the page's inputs
    (`overrides-<n>-reason`, n the finding's position), so the message stands next to the field."""
    if decision != "approval":
        return {}
    reasons = {str(o.get("item") or ""): str(o.get("reason") or "").strip() for o in overrides}
    return {
        f"overrides-{index}-reason": [OVERRIDE_MISSING]
        for index, finding in enumerate(found)
        if not reasons.get(finding.key)
    }


def clean_provisions(rows: Sequence[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Typed, non-empty provisions, each once (the officer may have added an agency's condition again)."""
    types = {t.value for t in ProvisionType}
    seen: set[tuple[str, str]] = set()
    provisions = []
    for index, row in enumerate(rows or []):
        text = str((row or {}).get("text") or "").strip()
        if not text:
            continue
        kind = str(row.get("type") or "")
        if kind not in types:
            # The kind is the officer's choice (the form insists on it), never a silent Auflage.
            raise InvalidInput(
                "Art der Nebenbestimmung fehlt oder ist unbekannt.",
                field_errors={f"provisions-{index}-type": ["Bitte die Art der Nebenbestimmung wählen."]},
            )
        key = (kind, _normalised(text))
        if key in seen:
            continue
        seen.add(key)
        provision = {"type": kind, "legal_area": row.get("legal_area") or None, "text": text}
        if row.get("source"):
            provision["source"] = str(row["source"])  # the agencies that asked for it
        provisions.append(provision)
    return provisions


def override_rows(found: Sequence[Finding], overrides: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The reasons given, with what they override, for the sign-off and the file."""
    reasons = {str(o.get("item") or ""): str(o.get("reason") or "").strip() for o in overrides}
    return [
        {"item": f.key, "title": f.title, "detail": f.detail, "reason": reasons[f.key]}
        for f in found
        if reasons.get(f.key)
    ]
