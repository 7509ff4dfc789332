"""Every fact of an application in words, for the case file: parties, plot, project, deviations, procedure.

The case's `details` (see `permits.xbau.application_details` for every key) is plain JSON from the portal
form or an XBau 0200; this module turns it into labelled rows with German numbers, units and code-list
labels. A key the application lacks gives no row: a missing fact is left out, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from permits.codelists import DeviationType, MeasureType, PartyRole, ProcedureType

Row = tuple[str, str]


@dataclass(frozen=True)
class FactGroup:
    """A labelled block of rows; `title` is the heading of one party, parcel or deviation."""

    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class FactSection:
    heading: str
    groups: tuple[FactGroup, ...]


def de_decimal(value: Any, unit: str = "", digits: int = 2) -> str:
    """1.6 → "1,6 m": decimal comma, thousands separator, trailing zeros dropped."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text} {unit}".strip()


def euro(cents: Any) -> str:
    try:
        value = int(cents) / 100
    except (TypeError, ValueError):
        return ""
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " €"


def yes_no(value: Any) -> str:
    return "ja" if value else "nein"


def _day(value: Any) -> str:
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return ""


def _rows(pairs: list[tuple[str, Any]]) -> tuple[Row, ...]:
    return tuple(
        (label, str(value))
        for label, value in pairs
        if value is not None and value is not False and value not in ("", [], {})
    )


def _address(item: Mapping[str, Any]) -> str:
    street = str(item.get("street") or "")
    place = " ".join(str(item.get(k) or "") for k in ("postal_code", "city")).strip()
    return ", ".join(p for p in (street, place) if p)


def _person(title: str, item: Mapping[str, Any] | None) -> FactGroup | None:
    if not item:
        return None
    name = item.get("name") or " ".join(
        str(item.get(k) or "") for k in ("given_name", "family_name") if item.get(k)
    )
    role = item.get("role_label") or PartyRole.label_of(item.get("role"))
    return FactGroup(
        title,
        _rows(
            [
                ("Name", name),
                ("Funktion", role),
                ("Fachrichtung", item.get("discipline")),
                ("Anschrift", _address(item)),
                ("E-Mail", item.get("email")),
                ("Kammernummer", item.get("chamber_number")),
            ]
        ),
    )


def _parties(details: Mapping[str, Any]) -> tuple[FactGroup, ...]:
    parties = details.get("parties") or {}
    groups: list[FactGroup | None] = []
    applicants = parties.get("applicants") or ([details["applicant"]] if details.get("applicant") else [])
    groups += [_person("Bauherr/in (Antragsteller/in)", a) for a in applicants]
    groups.append(_person("Entwurfsverfasser/in", details.get("designer") or parties.get("designer")))
    groups += [_person("Grundstückseigentümer/in", o) for o in parties.get("owners") or []]
    groups.append(_person("Bevollmächtigte/r", parties.get("authorised_representative")))
    groups.append(_person("Gebührenschuldner/in", parties.get("fee_debtor")))
    groups += [_person("Weitere Beteiligte", o) for o in parties.get("others") or []]
    return tuple(g for g in groups if g is not None and g.rows)


def _parcel_text(parcel: Mapping[str, Any]) -> str:
    number = str(parcel.get("zaehler") or "")
    if parcel.get("nenner"):
        number = f"{number}/{parcel['nenner']}"
    gemarkung = parcel.get("gemarkung_name") or parcel.get("gemarkung") or ""
    parts = [
        f"Gemarkung {gemarkung}" if gemarkung else "",
        f"Flur {parcel['flur']}" if parcel.get("flur") else "",
    ]
    parts.append(f"Flurstück {number}" if number else "")
    return ", ".join(p for p in parts if p)


def _plot(details: Mapping[str, Any]) -> tuple[FactGroup, ...]:
    plot = details.get("plot") or {}
    if not plot:
        return ()
    parcels = plot.get("parcels") or [plot]
    plans = [
        " ".join(str(p.get(k) or "") for k in ("number", "title")).strip()
        for p in plot.get("development_plans") or []
    ]
    rows = _rows(
        [
            ("Lage", _address(plot)),
            *[("Flurstück", _parcel_text(p)) for p in parcels if _parcel_text(p)],
            ("Grundstücksfläche", plot.get("area_m2") is not None and de_decimal(plot["area_m2"], "m²")),
            ("Bebauungsplan", ", ".join(p for p in plans if p)),
        ]
    )
    return (FactGroup("Baugrundstück", rows),)


def _measure_types(project: Mapping[str, Any]) -> str:
    codes = project.get("measure_types") or ([project["measure_type"]] if project.get("measure_type") else [])
    return ", ".join(MeasureType.label_of(str(c), "unbekannte Art der Maßnahme") for c in codes)


def _project(details: Mapping[str, Any]) -> tuple[FactGroup, ...]:
    project = details.get("project") or {}
    if not project:
        return ()
    prior = project.get("prior_decision") or {}

    def measure(key: str, unit: str) -> str | None:
        return de_decimal(project[key], unit) if project.get(key) is not None else None

    rows = _rows(
        [
            ("Beschreibung", project.get("description")),
            ("Art der Maßnahme", _measure_types(project)),
            ("Gebäudeklasse", project.get("building_class")),
            (
                "Rohbauwert",
                project.get("construction_value_cents") is not None
                and euro(project["construction_value_cents"]),
            ),
            ("Höhe nach MBO", measure("height_mbo_m", "m")),
            ("Gebäudehöhe", measure("building_height_m", "m")),
            ("Vollgeschosse", project.get("full_storeys")),
            ("Grundfläche", measure("footprint_area_m2", "m²")),
            ("Geschossfläche", measure("floor_area_m2", "m²")),
            ("Geplante GRZ", measure("planned_grz", "")),
            ("Geplante GFZ", measure("planned_gfz", "")),
            ("Baudenkmal betroffen", project.get("monument_affected") and "ja"),
            (
                "Bautechnische Prüfung erforderlich",
                project.get("structural_check_required") is not None
                and yes_no(project["structural_check_required"]),
            ),
            ("Bauberatung (Aktenzeichen)", project.get("prior_consultation")),
            (
                "Vorbescheid",
                prior
                and " vom ".join(
                    p for p in (str(prior.get("file_reference") or ""), _day(prior.get("dated"))) if p
                ),
            ),
            ("Hinweis zur Lage", project.get("location_note")),
        ]
    )
    return (FactGroup("Vorhaben", rows),)


def _deviations(details: Mapping[str, Any]) -> tuple[FactGroup, ...]:
    groups = []
    for number, item in enumerate(details.get("deviations") or [], start=1):
        kind = item.get("type_label") or DeviationType.label_of(item.get("type"), "Abweichung")
        rows = _rows(
            [
                ("Art", kind),
                ("Vorschrift", item.get("rule")),
                ("Beschreibung", item.get("description")),
                ("Begründung", item.get("reasons")),
                ("Entscheidung", _ruling(details, item)),
            ]
        )
        groups.append(FactGroup(f"Beantragte Abweichung {number}", rows))
    return tuple(groups)


def _ruling(details: Mapping[str, Any], deviation: Mapping[str, Any]) -> str:
    """What the decision said about the deviation, once one is recorded (`record_decision`)."""
    decision = details.get("decision") or {}
    for ruled in decision.get("deviations") or []:
        if isinstance(ruled, Mapping) and str(ruled.get("id")) == str(deviation.get("id")):
            if ruled.get("granted") is True:
                return "zugelassen"
            reasons = str(ruled.get("reasons") or "").strip()
            return f"nicht zugelassen: {reasons}" if reasons else "nicht zugelassen"
    return "noch nicht entschieden" if not decision else ""


def _procedure(details: Mapping[str, Any], process_name: str) -> tuple[FactGroup, ...]:
    project = details.get("project") or {}
    completeness = details.get("completeness") or {}
    findings = completeness.get("findings") or []
    rows = _rows(
        [
            ("Verfahren", process_name),
            ("Verfahrensart laut Antrag", ProcedureType.label_of(project.get("procedure"))),
            (
                "Vollständigkeit",
                completeness
                and ("vollständig" if completeness.get("complete") else "Unterlagen nachgefordert"),
            ),
            ("Nachgeforderte Unterlagen", "; ".join(str(f) for f in findings)),
            (
                "Frist für die Nachreichung",
                _day(completeness.get("due_on")) and f"bis {_day(completeness.get('due_on'))}",
            ),
            ("Eingangskanal", "Bauportal (XBau)" if details.get("xbau") else None),
        ]
    )
    return (FactGroup("Verfahren", rows),)


def fact_sections(details: Mapping[str, Any], process_name: str) -> tuple[FactSection, ...]:
    sections = [
        FactSection("Beteiligte Personen", _parties(details)),
        FactSection("Baugrundstück", _plot(details)),
        FactSection("Vorhaben", _project(details)),
        FactSection("Abweichungen", _deviations(details)),
        FactSection("Verfahren", _procedure(details, process_name)),
    ]
    return tuple(s for s in sections if s.groups)
