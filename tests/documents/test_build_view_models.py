"""View-models: built from the case and procedure data, tested as HTML without a PDF."""

from __future__ import annotations

import json
from datetime import date

import pytest

from permits.codelists import ParticipationRole, ProvisionType
from permits.documents import KIND_NAMES, render_html, view_model_from_dict
from permits.documents.viewmodels.decision import Provision, group_provisions
from permits.errors import InvalidInput
from tests.documents.document_helpers import build_example, make_case
from tests.documents.examples import EXAMPLE_AGENCY


@pytest.mark.parametrize("kind", sorted(KIND_NAMES))
def test_view_model_survives_json_round_trip(kind: str) -> None:
    view_model = build_example(kind)
    restored = view_model_from_dict(kind, json.loads(json.dumps(view_model.to_dict())))
    assert restored == view_model
    assert render_html(restored) == render_html(view_model)


def test_from_dict_rejects_wrong_types() -> None:
    data = build_example("fee_notice").to_dict()
    data["items"][0]["amount_cents"] = "156250"
    with pytest.raises(ValueError):
        view_model_from_dict("fee_notice", data)


def test_provisions_grouped_in_legal_order_and_numbered_through() -> None:
    provisions = [
        Provision(ProvisionType.ADVISORY_NOTE, "Hinweis A"),
        Provision(ProvisionType.OBLIGATION, "Auflage A"),
        Provision(ProvisionType.CONDITION, "Bedingung A"),
        Provision(ProvisionType.OBLIGATION, "Auflage B"),
        Provision(ProvisionType.ADVISORY_NOTE, "Hinweis B"),
    ]
    groups = group_provisions(provisions)
    assert [g.heading for g in groups] == ["Bedingungen", "Auflagen", "Hinweise"]
    assert [(i.number, i.text) for g in groups for i in g.items] == [
        (1, "Bedingung A"),
        (2, "Auflage A"),
        (3, "Auflage B"),
        (1, "Hinweis A"),
        (2, "Hinweis B"),
    ]


def test_missing_applicant_address_names_the_fields() -> None:
    case = make_case({"project": {"description": "Carport"}})
    with pytest.raises(InvalidInput) as error:
        build_example("receipt", case)
    assert set(error.value.field_errors) == {
        "details.applicant.name",
        "details.applicant.street",
        "details.applicant.postal_code",
        "details.applicant.city",
    }


def test_sparse_details_still_build_a_permit() -> None:
    applicant = {"name": "Anna Groß", "street": "Weg 1", "postal_code": "30159", "city": "Hannover"}
    view_model = build_example("approval", make_case({"applicant": applicant}))
    html = render_html(view_model)
    assert "Neubau Einfamilienhaus" in html  # falls back to the case title
    assert "Grundstück:" not in html
    assert "Nachrichtlich" not in html


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"conditions": [{"type": "9", "text": "x"}]}, "conditions[0].type"),
        ({"conditions": [{"type": "2", "text": "  "}]}, "conditions[0].text"),
        ({"approved_plans": []}, "approved_plans"),
        ({"reasons": []}, "reasons"),
        ({"site_drawing_svg": "<html/>"}, "site_drawing_svg"),
    ],
)
def test_permit_input_errors(override: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as error:
        build_example("approval", **override)
    assert field in error.value.field_errors


def test_fee_amounts_must_be_integer_cents() -> None:
    with pytest.raises(InvalidInput) as error:
        build_example("fee_notice", items=[{"description": "Gebühr", "amount_cents": 12.5}])
    assert "items[0].amount_cents" in error.value.field_errors


def test_deadline_must_follow_the_letter_date() -> None:
    with pytest.raises(InvalidInput):
        build_example("deficiency_notice", due_on=date(2026, 3, 2))


def test_deemed_approval_dates_must_be_consistent() -> None:
    with pytest.raises(InvalidInput):
        build_example("deemed_approval_certificate", deemed_on=date(2026, 3, 10))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (ParticipationRole.COMPETENT_BODY, "gilt Ihre Zustimmung als erteilt"),
        (ParticipationRole.EXPERT_BODY, "unberücksichtigt bleiben"),
        (ParticipationRole.MUNICIPALITY, "§&nbsp;36 Abs.&nbsp;2 Satz&nbsp;2 BauGB"),
    ],
)
def test_participation_notice_depends_on_role(role: ParticipationRole, expected: str) -> None:
    html = render_html(build_example("participation_request", role=role, agency=EXAMPLE_AGENCY))
    assert expected in html


def test_every_page_layout_element_is_in_the_html() -> None:
    html = render_html(build_example("rejection"))
    assert 'class="page-foot"' in html
    assert "Aktenzeichen BA-2026-000123 · Ablehnung vom 02.03.2026" in html
    assert "Dieses Schreiben wurde elektronisch erstellt" in html
