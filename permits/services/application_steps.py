"""The application wizard's steps as rules: what each step reads from its form, where it stores it in
`Application.details`, and what is still missing for submission. The pages only show these rules.

The shape written is the one the XBau import writes and the outbound messages read
(`permits/xbau/application_details.py`), extended additively:

- `applicant` (flat: name, street, postal_code, city, email) mirrors the Bauherr, as before;
- `parties.owners` ([{kind person/organisation, given_name, family_name, name, representatives, street,
  postal_code, city, email}]), `parties.others` ([{role, role_label, discipline, name, street, postal_code,
  city, email}]);
- `designer` (flat: name, profession, chamber_number, street, postal_code, city, email);
- `plot`: street, postal_code, city, the first parcel flat (gemarkung, flur, zaehler, nenner, as before) and
  `parcels` (all Flurstücke);
- `project`: description, `measure_types` (all codes; `measure_type` the first, as before), building_class,
  `building_height_m`, `use` (Art der Nutzung), `full_storeys`, construction_value_cents;
- `deviations`: [{type, type_label, rule, description, reasons}].
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from permits.codelists import DeviationType, MeasureType, PartyRole, ProcedureType
from permits.documents.requirements import DocumentRequirement, required_documents
from permits.errors import InvalidInput, NotFound
from permits.models import Application
from permits.services import application_fields as f
from permits.services.application_fields import Errors, Form
from permits.services.signoffs import missing_signoff

# The steps with a form or a rule, in wizard order (the page list with titles is permits/web/portal_steps.py).
FORM_STEPS = ("verfahren", "bauherr", "entwurfsverfasser", "beteiligte", "grundstueck", "vorhaben")
RULE_STEPS = (*FORM_STEPS, "unterlagen", "zusammenfassung")
Details = dict[str, Any]


# -- reading each step's form into the details ----------------------------------------------------------


def _address(form: Form, errors: Errors, prefix: str = "") -> dict[str, str]:
    return {
        "street": f.text(form, f"{prefix}street", errors, label="Straße und Hausnummer"),
        "postal_code": f.postal_code(form, f"{prefix}postal_code", errors),
        "city": f.text(form, f"{prefix}city", errors, label="Der Ort"),
    }


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def _read_procedure(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    procedures = [p.value for p in ProcedureType]
    procedure = f.choice(form, "procedure", procedures, errors, "Wählen Sie eines der beiden Verfahren.")
    title = f.text(form, "title", errors, limit=300, label="Die Bezeichnung")
    if not title:
        errors.setdefault("title", []).append("Geben Sie die Bezeichnung des Vorhabens an.")
    return _compact({"procedure": procedure, "title": title})


def _read_owner(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    kind = f.choice(form, "kind", ("person", "organisation"), errors, "Wählen Sie Person oder Organisation.")
    if kind == "organisation":
        name = f.text(form, "organisation_name", errors, label="Der Name")
        representative = f.text(form, "representative", errors, label="Der Name")
        specific: dict[str, Any] = {
            "name": name,
            "representatives": [representative] if representative else [],
        }
    else:
        given = f.text(form, "given_name", errors, label="Der Vorname")
        family = f.text(form, "family_name", errors, label="Der Familienname")
        specific = {"given_name": given, "family_name": family, "name": f"{given} {family}".strip()}
    owner = _compact({"kind": kind or "person", **specific, **_address(form, errors)})
    owner = _compact({**owner, "email": f.email(form, "email", errors)})
    flat = _compact({k: owner.get(k) for k in ("name", "street", "postal_code", "city", "email")})
    parties = {**(details.get("parties") or {}), "owners": [owner]}
    return {"details": {**details, "applicant": flat, "parties": parties}}


def _read_designer(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    designer = {
        "name": f.text(form, "name", errors, label="Der Name"),
        "profession": f.text(form, "profession", errors, limit=100, label="Die Berufsbezeichnung"),
        "chamber_number": f.text(form, "chamber_number", errors, limit=50, label="Die Mitgliedsnummer"),
        **_address(form, errors),
        "email": f.email(form, "email", errors),
    }
    return {"details": {**details, "designer": _compact(designer)}}


def _read_others(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    roles = [r.value for r in PartyRole]
    others: list[dict[str, Any]] = []
    for row in (r for r in f.rows(form, "beteiligte") if not f.blank(r)):
        index, mine = len(others), Errors()
        role = f.choice(row, "role", roles, mine, "Wählen Sie eine Rolle aus der Liste.")
        others.append(
            _compact(
                {
                    "role": role,
                    "role_label": PartyRole.label_of(role) or None,
                    "discipline": f.text(row, "discipline", mine, limit=100, label="Die Fachrichtung"),
                    "name": f.text(row, "name", mine, label="Der Name"),
                    **_address(row, mine),
                    "email": f.email(row, "email", mine),
                }
            )
        )
        errors.update(f.row_errors("beteiligte", index, mine))
    parties = {**(details.get("parties") or {}), "others": others}
    return {"details": {**details, "parties": parties}}


def _read_plot(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    parcels: list[dict[str, Any]] = []
    for row in (r for r in f.rows(form, "flurstuecke") if not f.blank(r)):
        index, mine = len(parcels), Errors()
        parcels.append(
            _compact(
                {
                    "gemarkung": f.text(row, "gemarkung", mine, limit=100, label="Die Gemarkung"),
                    "flur": f.text(row, "flur", mine, limit=20, label="Die Flur"),
                    "zaehler": f.text(row, "zaehler", mine, limit=20, label="Der Zähler"),
                    "nenner": f.text(row, "nenner", mine, limit=20, label="Der Nenner"),
                }
            )
        )
        errors.update(f.row_errors("flurstuecke", index, mine))
    first = parcels[0] if parcels else {}
    kept = {
        k: v
        for k, v in (details.get("plot") or {}).items()
        if k not in ("gemarkung", "flur", "zaehler", "nenner")
    }
    plot = {
        **kept,
        **_address(form, errors),
        **{k: first.get(k) for k in ("gemarkung", "flur", "zaehler", "nenner")},
    }
    return {"details": {**details, "plot": _compact({**plot, "parcels": parcels})}}


def _read_project(form: Form, details: Details, errors: Errors) -> dict[str, Any]:
    measures = [m for m in form.get("measure_types") or [] if m in {t.value for t in MeasureType}]
    project = {
        **(details.get("project") or {}),
        "measure_types": measures,
        "measure_type": measures[0] if measures else None,
        "description": f.text(form, "description", errors, limit=5000, label="Die Beschreibung"),
        "building_class": f.whole_number(
            form,
            "building_class",
            errors,
            low=1,
            high=5,
            message="Wählen Sie eine Gebäudeklasse von 1 bis 5.",
        ),
        "building_height_m": f.decimal(
            form,
            "building_height_m",
            errors,
            maximum=300,
            message="Geben Sie die Höhe in Metern an, z. B. 7,5.",
        ),
        "use": f.text(form, "use", errors, label="Die Nutzung"),
        "full_storeys": f.whole_number(
            form,
            "full_storeys",
            errors,
            low=1,
            high=99,
            message="Geben Sie die Zahl der Vollgeschosse an (1 bis 99).",
        ),
        "construction_value_cents": f.euros_as_cents(form, "construction_value", errors),
    }
    return {
        "details": {**details, "project": _compact(project), "deviations": _read_deviations(form, errors)}
    }


def _read_deviations(form: Form, errors: Errors) -> list[dict[str, Any]]:
    types = [t.value for t in DeviationType]
    deviations: list[dict[str, Any]] = []
    for row in (r for r in f.rows(form, "abweichungen") if not f.blank(r)):
        index, mine = len(deviations), Errors()
        kind = f.choice(row, "type", types, mine, "Wählen Sie die Art aus der Liste.")
        deviations.append(
            _compact(
                {
                    "type": kind,
                    "type_label": DeviationType.label_of(kind) or None,
                    "rule": f.text(row, "rule", mine, label="Die Vorschrift"),
                    "description": f.text(row, "description", mine, limit=2000, label="Die Beschreibung"),
                    "reasons": f.text(row, "reasons", mine, limit=5000, label="Die Begründung"),
                }
            )
        )
        errors.update(f.row_errors("abweichungen", index, mine))
    return deviations


READERS: dict[str, Callable[[Form, Details, Errors], dict[str, Any]]] = {
    "verfahren": _read_procedure,
    "bauherr": _read_owner,
    "entwurfsverfasser": _read_designer,
    "beteiligte": _read_others,
    "grundstueck": _read_plot,
    "vorhaben": _read_project,
}


def read_step(step: str, form: Form, application: Application) -> dict[str, Any]:
    """The application fields a step's form sets; InvalidInput (nothing to store) on a malformed value."""
    if step not in READERS:
        raise NotFound("Diesen Schritt gibt es nicht.")
    errors: Errors = {}
    changes = READERS[step](form, copy.deepcopy(application.details or {}), errors)
    if errors:
        raise InvalidInput("Bitte prüfen Sie die markierten Angaben.", field_errors=errors)
    return changes


# -- what each step still lacks for submission ----------------------------------------------------------


def _need(values: dict[str, Any], required: dict[str, str]) -> dict[str, str]:
    return {field: message for field, message in required.items() if values.get(field) in (None, "", [])}


_ADDRESS = {
    "street": "Straße und Hausnummer fehlen.",
    "postal_code": "Die Postleitzahl fehlt.",
    "city": "Der Ort fehlt.",
}


def _missing_procedure(application: Application, details: Details) -> dict[str, str]:
    if application.procedure not in {p.value for p in ProcedureType}:
        return {"procedure": "Wählen Sie das Verfahren."}
    return {}


def _missing_owner(application: Application, details: Details) -> dict[str, str]:
    owners = (details.get("parties") or {}).get("owners") or []
    owner = owners[0] if owners else {}
    if owner.get("kind") == "organisation":
        names = {
            "name": "Der Name der Organisation fehlt.",
            "representatives": "Die vertretungsberechtigte Person fehlt.",
        }
        missing = {
            ("organisation_name" if k == "name" else "representative"): m
            for k, m in _need(owner, names).items()
        }
    else:
        missing = _need(owner, {"given_name": "Der Vorname fehlt.", "family_name": "Der Familienname fehlt."})
    email = {"email": "Die E-Mail-Adresse fehlt (für die gemeinsame Freizeichnung)."}
    return {**missing, **_need(owner, {**_ADDRESS, **email})}


def _missing_designer(application: Application, details: Details) -> dict[str, str]:
    required = {
        "name": "Der Name fehlt.",
        "chamber_number": "Die Mitgliedsnummer der Architekten- oder Ingenieurkammer fehlt.",
        **_ADDRESS,
    }
    return _need(details.get("designer") or {}, required)


def _missing_others(application: Application, details: Details) -> dict[str, str]:
    missing = {}
    for i, other in enumerate((details.get("parties") or {}).get("others") or []):
        required = {
            "role": "Die Rolle fehlt.",
            "discipline": "Die Fachrichtung fehlt.",
            "name": "Der Name fehlt.",
        }
        missing.update({f"beteiligte-{i}-{k}": m for k, m in _need(other, required).items()})
    return missing


def _missing_plot(application: Application, details: Details) -> dict[str, str]:
    plot = details.get("plot") or {}
    missing = _need(plot, _ADDRESS)
    parcels = plot.get("parcels") or ([plot] if plot.get("zaehler") else [])
    if not parcels:
        return {**missing, "flurstuecke-0-gemarkung": "Geben Sie mindestens ein Flurstück an."}
    required = {
        "gemarkung": "Die Gemarkung fehlt.",
        "flur": "Die Flur fehlt.",
        "zaehler": "Der Zähler fehlt.",
    }
    for i, parcel in enumerate(parcels):
        missing.update({f"flurstuecke-{i}-{k}": m for k, m in _need(parcel, required).items()})
    return missing


def _missing_project(application: Application, details: Details) -> dict[str, str]:
    project = details.get("project") or {}
    listed = {"measure_types": project.get("measure_types") or project.get("measure_type")}
    missing = _need(listed, {"measure_types": "Wählen Sie mindestens eine Art der Baumaßnahme."})
    required = {
        "description": "Die Beschreibung des Vorhabens fehlt.",
        "building_class": "Die Gebäudeklasse fehlt.",
        "building_height_m": "Die Gebäudehöhe fehlt.",
        "use": "Die Nutzung fehlt.",
        "full_storeys": "Die Zahl der Vollgeschosse fehlt.",
        "construction_value_cents": "Die Baukosten fehlen.",
    }
    missing.update(_need(project, required))
    if "construction_value_cents" in missing:
        missing["construction_value"] = missing.pop("construction_value_cents")
    for i, deviation in enumerate(details.get("deviations") or []):
        needed = {"type": "Die Art fehlt.", "reasons": "Die Begründung fehlt."}
        missing.update({f"abweichungen-{i}-{k}": m for k, m in _need(deviation, needed).items()})
    return missing


def document_checklist(application: Application) -> tuple[DocumentRequirement, ...]:
    return required_documents(
        application.procedure, deviations_requested=bool((application.details or {}).get("deviations"))
    )


def _missing_documents(application: Application, details: Details) -> dict[str, str]:
    present = {d.document_type for d in application.documents if d.content is not None}
    return {
        f"dokument-{item.code}": f"{item.label} fehlt."
        for item in document_checklist(application)
        if item.code not in present
    }


MISSING: dict[str, Callable[[Application, Details], dict[str, str]]] = {
    "verfahren": _missing_procedure,
    "bauherr": _missing_owner,
    "entwurfsverfasser": _missing_designer,
    "beteiligte": _missing_others,
    "grundstueck": _missing_plot,
    "vorhaben": _missing_project,
    "unterlagen": _missing_documents,
}


def missing_by_step(application: Application) -> dict[str, dict[str, str]]:
    """Per step (in wizard order), field name -> German message; steps without gaps are left out.

    The sign-off is listed under "zusammenfassung", where it is asked for."""
    details = application.details or {}
    result = {step: MISSING[step](application, details) for step in MISSING}
    result["zusammenfassung"] = missing_signoff(application)
    return {step: missing for step, missing in result.items() if missing}


def missing_for_submission(application: Application) -> dict[str, dict[str, str]]:
    """Everything a portal submission still lacks (empty: ready to submit)."""
    return missing_by_step(application)


def steps_missing_data(application: Application) -> dict[str, dict[str, str]]:
    """What each step's own fields lack, without the sign-off (for the step navigation)."""
    details = application.details or {}
    result = {step: MISSING[step](application, details) for step in MISSING}
    return {step: missing for step, missing in result.items() if missing}


# -- what a step's form shows ---------------------------------------------------------------------------


def form_values(application: Application, step: str, account: dict[str, str]) -> dict[str, Any]:
    """The step's form filled from the draft (`account`: the signed-in designer, to prefill an empty step)."""
    details = application.details or {}
    if step == "verfahren":
        return {"procedure": application.procedure, "title": application.title}
    if step == "bauherr":
        owners = (details.get("parties") or {}).get("owners") or [details.get("applicant") or {}]
        owner = dict(owners[0])
        if owner.get("kind") == "organisation":
            owner["organisation_name"] = owner.get("name", "")
            owner["representative"] = (owner.get("representatives") or [""])[0]
        return owner
    if step == "entwurfsverfasser":
        return dict(details.get("designer") or account)
    if step == "beteiligte":
        return {"rows": list((details.get("parties") or {}).get("others") or [])}
    if step == "grundstueck":
        plot = details.get("plot") or {}
        parcels = plot.get("parcels") or ([plot] if plot.get("zaehler") else [])
        return {**plot, "rows": [dict(p) for p in parcels]}
    if step == "vorhaben":
        project = dict(details.get("project") or {})
        project["measure_types"] = project.get("measure_types") or (
            [project["measure_type"]] if project.get("measure_type") else []
        )
        project["building_height_m"] = f.decimal_text(project.get("building_height_m"))
        project["construction_value"] = f.euros_text(project.get("construction_value_cents"))
        return {**project, "rows": list(details.get("deviations") or [])}
    return {}
