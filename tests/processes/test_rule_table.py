"""The rule table (rules/statutory.yaml): every period at its boundaries (the day before, the day, the day
after a month end, a weekend, a Lower Saxony holiday), versions by valid-from date, and the steps that
name a rule instead of a number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from permits.core import rules
from permits.engine.types import ServiceCall
from permits.errors import ProcessError
from permits.tasks.deadlines import compute_deadline

RULES_FILE = Path(__file__).resolve().parents[2] / "rules" / "statutory.yaml"


def _deadline(start: str, **params):
    call = ServiceCall(
        operation="compute_deadline",
        element_id="st_deadline",
        task_id="t1",
        params={"start": start, **params},
        data={},
        context={"case_id": 1, "actor": "system:test"},
    )
    return compute_deadline(call)


# rule, (start, last day) for the day before, the day of and the day after a boundary
BOUNDARIES = {
    # one month; 3 April 2026 is Good Friday, 6 April Easter Monday
    "participation": [
        ("2026-03-02", "2026-04-02"),
        ("2026-03-03", "2026-04-07"),
        ("2026-03-04", "2026-04-07"),
    ],
    # one month; 31 January + 1 month = 28 February (a Saturday) → Monday 2 March
    "payment": [("2026-01-30", "2026-03-02"), ("2026-01-31", "2026-03-02"), ("2026-02-01", "2026-03-02")],
    # two months; 1 May is a holiday (Friday) → Monday 4 May
    "municipal_consent": [
        ("2026-02-28", "2026-04-28"),
        ("2026-03-01", "2026-05-04"),
        ("2026-03-02", "2026-05-04"),
    ],
    # three months from complete documents; 30 November + 3 months = 28 February (Saturday) → 2 March
    "deemed_approval": [
        ("2025-11-29", "2026-03-02"),
        ("2025-11-30", "2026-03-02"),
        ("2025-12-01", "2026-03-02"),
    ],
    # four weeks; 9 March + 4 weeks = Easter Monday → Tuesday 7 April
    "deficiency": [("2026-03-08", "2026-04-07"), ("2026-03-09", "2026-04-07"), ("2026-03-10", "2026-04-07")],
    # three weeks after the deficiency deadline; 10 April + 3 weeks = 1 May (holiday) → Monday 4 May
    "deemed_withdrawal": [
        ("2026-04-09", "2026-04-30"),
        ("2026-04-10", "2026-05-04"),
        ("2026-04-11", "2026-05-04"),
    ],
    # two weeks; 11 May + 2 weeks = Whit Monday 25 May → Tuesday 26 May
    "hearing": [("2026-05-10", "2026-05-26"), ("2026-05-11", "2026-05-26"), ("2026-05-12", "2026-05-26")],
    # one more month for the monument authority (alone: one month)
    "monument_expert_consent_extension": [
        ("2026-03-02", "2026-04-02"),
        ("2026-03-03", "2026-04-07"),
        ("2026-03-04", "2026-04-07"),
    ],
}


@pytest.mark.parametrize(
    ("rule", "start", "last"), [(r, s, e) for r, cases in BOUNDARIES.items() for s, e in cases]
)
def test_period_last_day_at_its_boundaries(app, rule, start, last):
    result = _deadline(start, rule=rule)
    assert result["due_on"] == last
    assert result["rule"] == rule and result["reference"]


def test_every_period_of_the_table_has_a_boundary_test(app):
    assert set(rules.rule_names("periods")) == set(BOUNDARIES)


def test_a_period_expires_at_local_midnight_after_its_last_day(app):
    result = _deadline("2026-03-02", rule="participation")
    assert result["fires_at"] == "2026-04-03T00:00:00+02:00"  # CEST


def test_officer_set_period_overrides_the_rule_but_keeps_its_reference(app):
    result = _deadline("2026-03-02", rule="deficiency", weeks=2)
    assert result["due_on"] == "2026-03-16"
    assert result["reference"] == rules.period("deficiency", date(2026, 3, 2)).reference


def test_a_step_without_rule_or_period_fails_in_german(app):
    with pytest.raises(ProcessError, match="braucht eine Regel"):
        _deadline("2026-03-02")
    with pytest.raises(ProcessError, match="Unbekannte Regel"):
        _deadline("2026-03-02", rule="no_such_rule")


def test_deemed_approval_rule_applies_from_1_july_2024(app):
    """§ 70a NBauO: the day before it applies there is no rule, from the day on three months."""
    with pytest.raises(ProcessError, match=r"gilt erst ab 01\.07\.2024"):
        rules.period("deemed_approval", date(2024, 6, 30))
    assert rules.period("deemed_approval", date(2024, 7, 1)).months == 3
    assert rules.period("deemed_approval", date(2024, 7, 2)).months == 3


def test_new_version_applies_from_its_valid_from_date(app, tmp_path):
    table = tmp_path / "rules.yaml"
    table.write_text(
        RULES_FILE.read_text(encoding="utf-8").replace(
            "    participation:\n",
            "    participation:\n"
            "      - valid_from: 2026-07-01\n"
            "        weeks: 6\n"
            '        reference: "Neufassung"\n'
            "        verify: true\n",
            1,
        ),
        encoding="utf-8",
    )
    app.config["RULES_FILE"] = str(table)
    old, new = (
        rules.period("participation", date(2026, 6, 30)),
        rules.period("participation", date(2026, 7, 1)),
    )
    assert (old.months, old.weeks) == (1, 0)
    assert (new.weeks, new.reference) == (6, "Neufassung")
    assert rules.period("participation", date(2026, 7, 2)).weeks == 6


def test_every_rule_names_its_legal_reference_and_verify_flag(app):
    raw = rules.load(str(RULES_FILE))
    for section in rules.SECTIONS:
        for name, versions in raw["NI"][section].items():
            for version in versions:
                assert version["reference"].strip(), name
                assert isinstance(version.get("verify"), bool), name
                assert "Platzhalter" not in version["reference"], name
    # [verify] in the domain brief: participation, the monument month, the deemed withdrawal
    assert rules.period("participation", date(2026, 3, 2)).verify
    assert rules.period("monument_expert_consent_extension", date(2026, 3, 2)).verify
    assert rules.period("deemed_withdrawal", date(2026, 3, 2)).verify
    assert not rules.period("municipal_consent", date(2026, 3, 2)).verify  # § 36 Abs. 2 Satz 2 BauGB
    assert rules.tariff("permit_full_standard", date(2026, 3, 2)).verify  # BauGO rates are placeholders


def test_broken_table_is_refused_naming_the_rule(app, tmp_path):
    table = tmp_path / "broken.yaml"
    table.write_text("NI:\n  periods:\n    hearing:\n      - weeks: 2\n", encoding="utf-8")
    app.config["RULES_FILE"] = str(table)
    with pytest.raises(ProcessError, match=r"NI\.periods\.hearing"):
        rules.period("hearing", date(2026, 3, 2))
