"""The wizard's step rules: what each step stores, what is refused, what is missing; the sign-off."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from permits.errors import InvalidInput, NotFound
from permits.extensions import db
from permits.models import ApplicationSignoff, ApplicationStatus
from permits.services import application_steps, applications, signoffs
from permits.xbau.outbound_project import project_data
from tests.factories import PDF

STEPS: dict[str, dict[str, list[str]]] = {
    "bauherr": {
        "kind": ["organisation"],
        "organisation_name": ["Bäcker Wohnbau GmbH"],
        "representative": ["Jörg Bäcker"],
        "street": ["Am Lindenhofe 12"],
        "postal_code": ["30519"],
        "city": ["Hannover"],
        "email": ["bauherr@example.org"],
    },
    "entwurfsverfasser": {
        "name": ["Anna Architektin"],
        "profession": ["Architektin"],
        "chamber_number": ["AKNDS-12345"],
        "street": ["Bödekerstraße 7"],
        "postal_code": ["30161"],
        "city": ["Hannover"],
    },
    "beteiligte": {
        "beteiligte-0-role": ["06"],
        "beteiligte-0-discipline": ["Tragwerksplanung"],
        "beteiligte-0-name": ["Statik Nord GmbH"],
        "beteiligte-1-name": [""],  # a blank row is not stored
    },
    "grundstueck": {
        "street": ["Am Lindenhofe 12"],
        "postal_code": ["30519"],
        "city": ["Hannover"],
        "flurstuecke-0-gemarkung": ["Döhren"],
        "flurstuecke-0-flur": ["3"],
        "flurstuecke-0-zaehler": ["85"],
        "flurstuecke-0-nenner": ["2"],
        "flurstuecke-1-gemarkung": ["Döhren"],
        "flurstuecke-1-flur": ["3"],
        "flurstuecke-1-zaehler": ["86"],
    },
    "vorhaben": {
        "measure_types": ["11", "30"],
        "description": ["Neubau eines Einfamilienhauses, Abriss der Garage"],
        "building_class": ["1"],
        "building_height_m": ["7,5"],
        "use": ["Wohnen"],
        "full_storeys": ["2"],
        "construction_value": ["350.000,50"],
        "abweichungen-0-type": ["3"],
        "abweichungen-0-rule": ["§ 5 NBauO"],
        "abweichungen-0-reasons": ["Grenzbebauung wie beim Nachbarn"],
    },
}


@pytest.fixture
def draft(actors):
    created = applications.create_application(
        {"title": "Neubau Einfamilienhaus", "procedure": "simplified"}, actors["architektin"]
    )
    return created.public_id


def _fill(public_id, actor, steps=STEPS):
    for step, form in steps.items():
        applications.save_step(public_id, step, form, actor)
    return applications.get_application(public_id, actor)


def _upload_checklist(public_id, actor):
    application = applications.get_application(public_id, actor)
    for item in application_steps.document_checklist(application):
        applications.put_document(public_id, item.code, f"{item.code}.pdf", PDF, actor)


def test_architect_fills_every_step_in_the_shape_xbau_reads(draft, actors):
    application = _fill(draft, actors["architektin"])
    details = application.details
    assert details["applicant"]["name"] == "Bäcker Wohnbau GmbH"
    assert details["parties"]["owners"][0]["representatives"] == ["Jörg Bäcker"]
    assert [o["role_label"] for o in details["parties"]["others"]] == ["Fachplaner/in"]
    assert details["plot"]["zaehler"] == "85" and len(details["plot"]["parcels"]) == 2
    project = details["project"]
    assert project["measure_types"] == ["11", "30"] and project["measure_type"] == "11"
    assert project["building_height_m"] == 7.5 and project["construction_value_cents"] == 35_000_050
    assert details["deviations"][0]["type_label"].startswith("Abweichung")
    assert application_steps.steps_missing_data(application) == {
        "unterlagen": {
            f"dokument-{item.code}": f"{item.label} fehlt."
            for item in application_steps.document_checklist(application)
        }
    }


def test_malformed_values_are_refused_and_nothing_is_stored(draft, actors):
    form = {**STEPS["vorhaben"], "building_height_m": ["sieben"], "construction_value": ["3,5,0"]}
    with pytest.raises(InvalidInput) as refused:
        applications.save_step(draft, "vorhaben", form, actors["architektin"])
    assert set(refused.value.field_errors) == {"building_height_m", "construction_value"}
    assert "project" not in applications.get_application(draft, actors["architektin"]).details


def test_a_row_error_names_the_row_field(draft, actors):
    form = {"flurstuecke-0-gemarkung": ["D" * 101], "street": ["x"]}
    with pytest.raises(InvalidInput) as refused:
        applications.save_step(draft, "grundstueck", form, actors["architektin"])
    assert list(refused.value.field_errors) == ["flurstuecke-0-gemarkung"]


def test_unknown_step_is_not_found(draft, actors):
    with pytest.raises(NotFound):
        applications.save_step(draft, "lage-x", {}, actors["architektin"])


def test_full_procedure_asks_for_the_technical_proofs_and_deviation_reasons(draft, actors):
    applications.save_step(
        draft, "verfahren", {"procedure": ["full"], "title": ["Kita"]}, actors["architektin"]
    )
    application = _fill(draft, actors["architektin"])
    codes = [item.code for item in application_steps.document_checklist(application)]
    assert {"2701", "2801", "0800", "1800"} <= set(codes)


def test_uploading_again_replaces_and_removing_takes_the_document_off(draft, actors):
    architect = actors["architektin"]
    applications.put_document(draft, "1800", "alt.pdf", PDF, architect)
    applications.put_document(draft, "1800", "neu.pdf", PDF, architect)
    application = applications.get_application(draft, architect)
    assert [d.filename for d in application.documents] == ["neu.pdf"]
    applications.remove_document(draft, application.documents[0].id, architect)
    assert applications.get_application(draft, architect).documents == []


def test_submission_waits_for_the_bauherr_and_a_change_lapses_the_sign_off(draft, actors):
    architect = actors["architektin"]
    _fill(draft, architect)
    _upload_checklist(draft, architect)
    application = applications.get_application(draft, architect)
    assert application_steps.missing_for_submission(application) == {
        "zusammenfassung": {"freizeichnung": signoffs.signoff_state(application).label}
    }
    with pytest.raises(InvalidInput):
        applications.submit_prepared_application(draft, architect)

    token = signoffs.invite_owner(application, architect)
    signoff = db.session.scalars(select(ApplicationSignoff)).one()
    assert signoff.email == "bauherr@example.org" and signoff.token_hash != token
    signoffs.confirm_signoff(token, agreed=True)
    with pytest.raises(NotFound):  # one-time link
        signoffs.application_for_token(token)
    assert signoffs.signoff_state(application).state == "confirmed"

    applications.save_step(
        draft, "verfahren", {"procedure": ["simplified"], "title": ["Neubau mit Keller"]}, architect
    )
    assert signoffs.signoff_state(application).state == "lapsed"
    signoffs.confirm_signoff(signoffs.invite_owner(application, architect), agreed=True)

    submitted = applications.submit_prepared_application(draft, architect)
    assert submitted.status == ApplicationStatus.SUBMITTED and submitted.case is not None
    data = project_data(submitted.case)  # the 0200 facts reach the outgoing messages
    assert [p.parcel_numerator for p in data.parcels] == ["85", "86"]
    assert data.measure_types == ("11", "30") and len(data.other_participants) == 1


def test_sign_off_needs_the_confirmation_box(draft, actors):
    application = _fill(draft, actors["architektin"])
    token = signoffs.invite_owner(application, actors["architektin"])
    with pytest.raises(InvalidInput):
        signoffs.confirm_signoff(token, agreed=False)
    assert signoffs.signoff_state(application).state == "invited"


def test_authority_without_sign_off_requirement(app, draft, actors):
    app.config["SIGNOFF_REQUIRED"] = False
    _fill(draft, actors["architektin"])
    _upload_checklist(draft, actors["architektin"])
    assert applications.submit_prepared_application(draft, actors["architektin"]).case is not None


def test_letters_name_every_parcel_and_measure(draft, actors, app):
    from permits.documents.viewmodels.base import project_summary

    app.config["SIGNOFF_REQUIRED"] = False
    _fill(draft, actors["architektin"])
    _upload_checklist(draft, actors["architektin"])
    case = applications.submit_prepared_application(draft, actors["architektin"]).case
    rows = {row.label: row.value for row in project_summary(case)}
    assert rows["Art der Maßnahme"] == "Errichtung, Beseitigung"
    assert "Flurstück 85/2; Gemarkung Döhren, Flur 3, Flurstück 86" in rows["Grundstück"]
