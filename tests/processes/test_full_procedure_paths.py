"""The full procedure (§64 NBauO) end to end through the service layer."""

from __future__ import annotations

from permits.codelists import ReviewStatus


def test_complete_first_time_all_agencies_answer(driver):
    case = driver.start("full_procedure", construction_value=400000, building_class=3)
    assert driver.status(case) == "14"
    assert driver.open_elements(case) == ["ut_completeness_check"]
    driver.complete_check(case, involve_fire=True, involve_nature=True)
    assert driver.statuses(case)[:3] == ["14", "18", "08"]
    assert driver.open_elements(case) == ["ut_municipal_consent", "ut_statement", "ut_statement"]
    driver.statement(case, "fire", statement_verdict="consent", legal_area="Brandschutz")
    driver.statement(
        case,
        "nature",
        statement_verdict="consent_with_conditions",
        legal_area="Naturschutz",
        condition_type="2",
        condition_text="Baumschutz während der Bauzeit",
    )
    driver.complete(
        case, "ut_municipal_consent", "municipality_user", "authority:municipality", consent_granted=True
    )
    assert driver.status(case) == "09"
    driver.approve(
        case,
        provisions=[
            {
                "type": "2",
                "legal_area": "Bauordnungsrecht",
                "text": "Rauchwarnmelder in allen Aufenthaltsräumen",
            }
        ],
    )
    assert driver.status(case) == "10"
    assert driver.statuses(case) == ["14", "18", "08", "09", "10"]
    assert driver.open_tasks(case) == []
    assert driver.documents(case) == [
        "receipt",
        "participation_request",
        "participation_request",
        "participation_request",
        "approval",
        "fee_notice",
    ]
    reviews = driver.reviews(case)
    assert {c: r.status for c, r in reviews.items()} == {
        "fire": ReviewStatus.ANSWERED,
        "nature": ReviewStatus.ANSWERED,
        "municipality": ReviewStatus.ANSWERED,
    }
    verdicts = [(s.review_request.authority.code, s.verdict.value, s.late) for s in driver.statements(case)]
    assert sorted(verdicts) == [
        ("fire", "consent", False),
        ("municipality", "consent", False),
        ("nature", "consent_with_conditions", False),
    ]
    assert driver.statements(case)[1].conditions == [
        {"type": "2", "legal_area": "Naturschutz", "text": "Baumschutz während der Bauzeit"}
    ]
    actions = driver.actions(case)
    assert actions.count("review_requested") == 3 and actions.count("statement_recorded") == 3
    assert actions[-1] == "task_completed"
