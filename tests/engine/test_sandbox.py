import pytest

from permits.engine import sandbox


def test_script_binds_task_data_only():
    data = {"amount": 3}
    sandbox.execute("total = amount * 2\nitems = [i for i in range(total)]", data)
    assert data == {"amount": 3, "total": 6, "items": [0, 1, 2, 3, 4, 5]}


def test_helpers_and_guards_do_not_leak_into_data():
    data: dict[str, object] = {}
    sandbox.execute("due = add_days('2026-03-02', 3)", data)
    assert data == {"due": "2026-03-05T00:00:00"}


def test_iteration_budget_stops_runaway_loops():
    with pytest.raises(sandbox.IterationBudgetExceeded):
        sandbox.execute("n = 0\nfor i in range(1000):\n    for j in range(1000):\n        n += 1", {})


def test_data_keys_starting_with_underscore_are_refused():
    with pytest.raises(sandbox.SandboxViolation, match="_secret"):
        sandbox.evaluate("1", {"_secret": 1})


def test_item_access_to_private_keys_is_refused():
    with pytest.raises(KeyError):
        sandbox.evaluate("d['_x']", {"d": {"_x": 1}})


@pytest.mark.parametrize("expression", ["getattr(1, 'real')", "type(1)", "eval('1')", "import os"])
def test_dangerous_names_are_refused(expression: str):
    with pytest.raises(sandbox.SandboxViolation):
        sandbox.compile_checked(expression, "exec")
