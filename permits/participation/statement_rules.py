"""The rules of a statement, whichever way it arrives (page, API, XBau 0303), in one place.

`validate_statement` checks and cleans what an agency gives: a given verdict, conditions with a known type
and a text, per-area verdicts whose strictest one is the statement's verdict. All field errors are raised
at once as InvalidInput, before anything is stored or any task is completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from permits.codelists import GIVEN_VERDICTS, ProvisionType, Verdict
from permits.errors import InvalidInput


def _clean_conditions(conditions: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The conditions as stored: type code, legal area, trimmed text. Problems go into `errors`."""
    if conditions is None:
        return []
    if not isinstance(conditions, list | tuple):
        errors["conditions"] = ["Liste erwartet."]
        return []
    types = {t.value for t in ProvisionType}
    cleaned = []
    for index, item in enumerate(conditions):
        entry = item if isinstance(item, dict) else {}
        text = str(entry.get("text") or "").strip()
        kind = str(entry.get("type") or "").strip()
        if not text:
            errors[f"conditions.{index}.text"] = ["Jede Nebenbestimmung braucht einen Text."]
        if not kind:  # never a silent default: an Auflage binds differently than a Hinweis
            errors[f"conditions.{index}.type"] = ["Bitte die Art der Nebenbestimmung angeben."]
        elif kind not in types:
            errors[f"conditions.{index}.type"] = ["Unbekannte Art der Nebenbestimmung (Werte 1 bis 6)."]
        cleaned.append({"type": kind, "legal_area": entry.get("legal_area") or None, "text": text})
    return cleaned


# From the strictest to the mildest: a statement's verdict is the strictest verdict of its legal areas.
STRICTNESS = (Verdict.OBJECTION, Verdict.CONSENT_WITH_CONDITIONS, Verdict.CONSENT)
_NEEDS_CONDITION = "Zustimmung mit Nebenbestimmungen braucht mindestens eine Nebenbestimmung."


def strictest_verdict(verdicts: Iterable[str]) -> str | None:
    given = set(verdicts)
    return next((v.value for v in STRICTNESS if v.value in given), None)


def _clean_area(index: int, entry: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    where = f"areas.{index}"
    area = str(entry.get("legal_area") or "").strip()
    verdict = str(entry.get("verdict") or "")
    if not area:
        errors[f"{where}.legal_area"] = ["Jeder Bereich braucht einen Rechtsbereich."]
    elif len(area) > 200:
        errors[f"{where}.legal_area"] = ["Höchstens 200 Zeichen."]
    if verdict not in {v.value for v in GIVEN_VERDICTS}:
        errors[f"{where}.verdict"] = ["Ungültiges Votum für diesen Rechtsbereich."]
    own: dict[str, list[str]] = {}
    conditions = _clean_conditions(entry.get("conditions"), own)
    errors.update({f"{where}.{field}": messages for field, messages in own.items()})
    if verdict == Verdict.CONSENT_WITH_CONDITIONS and not conditions and not own:
        errors[f"{where}.conditions"] = [_NEEDS_CONDITION]
    return {
        "legal_area": area,
        "verdict": verdict,
        # A condition of an area belongs to that area unless it names another.
        "conditions": [{**c, "legal_area": c["legal_area"] or area or None} for c in conditions],
        "reasons": str(entry.get("reasons") or "").strip() or None,
    }


def _clean_areas(areas: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Per-area verdicts as stored: legal area, verdict, its conditions, reasons."""
    if areas is None:
        return []
    if not isinstance(areas, list | tuple):
        errors["areas"] = ["Liste erwartet."]
        return []
    return [_clean_area(i, item if isinstance(item, dict) else {}, errors) for i, item in enumerate(areas)]


def checked_statement(
    verdict: str, conditions: Any, areas: Any = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    errors: dict[str, list[str]] = {}
    allowed = [v.value for v in GIVEN_VERDICTS]
    if verdict not in allowed:
        errors["verdict"] = [f"Ungültiges Votum; erlaubt: {', '.join(allowed)}."]
    cleaned = _clean_conditions(conditions, errors)
    cleaned_areas = _clean_areas(areas, errors)
    merged = cleaned + [c for area in cleaned_areas for c in area["conditions"]]
    if verdict == Verdict.CONSENT_WITH_CONDITIONS and not merged and "conditions" not in errors:
        errors["conditions"] = [_NEEDS_CONDITION]
    strictest = strictest_verdict(area["verdict"] for area in cleaned_areas)
    if strictest is not None and verdict in allowed and verdict != strictest:
        label = Verdict.label_of(strictest)
        errors["verdict"] = [f"Das Votum muss dem strengsten Votum der Rechtsbereiche entsprechen: {label}."]
    if errors:
        messages = [message for field in errors.values() for message in field]
        detail = messages[0] if len(messages) == 1 else "Die Stellungnahme ist unvollständig oder fehlerhaft."
        raise InvalidInput(detail, field_errors=errors)
    return merged, cleaned_areas


def validate_statement(verdict: str, conditions: Any, areas: Any = None) -> list[dict[str, Any]]:
    """The rules of a statement, whichever way it arrives (page, API, XBau 0303): a given verdict (deemed
    consent is never given, it follows from silence), each condition with a known type and a text, and
    consent with conditions names at least one. With `areas` (one verdict per legal area, XBau
    stellungnahmeStrukturiert) each area follows the same rules and the statement's verdict is the strictest
    of theirs (one objection makes the statement an objection). Returns all cleaned conditions, the areas'
    included; raises InvalidInput with all field errors at once."""
    return checked_statement(verdict, conditions, areas)[0]
