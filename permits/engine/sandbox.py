"""Restricted evaluation of the Python in BPMN files (scripts, conditions, timer and task expressions).

Every expression is compiled with RestrictedPython, which rejects names and attributes starting with `_`
(closing `__import__` and the `__subclasses__` escape). On top of that we refuse a short list of dangerous
builtins by name and `while` loops, and bound the iterations a single evaluation may make, so a process
file cannot read files, import modules or spin the worker forever.
"""

from __future__ import annotations

import ast
import builtins
import math
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from types import CodeType
from typing import Any, Literal

from RestrictedPython.compile import compile_restricted_eval, compile_restricted_exec
from RestrictedPython.Guards import (
    full_write_guard,
    guarded_iter_unpack_sequence,
    guarded_unpack_sequence,
    safer_getattr,
)

from permits.engine import clocking

Mode = Literal["eval", "exec"]

MAX_ITERATIONS = 100_000
FORBIDDEN_NAMES = frozenset(
    {
        "open",
        "eval",
        "exec",
        "compile",
        "globals",
        "locals",
        "vars",
        "dir",
        "getattr",
        "setattr",
        "delattr",
        "hasattr",
        "input",
        "breakpoint",
        "help",
        "exit",
        "quit",
        "memoryview",
        "type",
        "object",
        "super",
        "classmethod",
        "staticmethod",
        "property",
        "print",
    }
)
_ALLOWED_BUILTIN_NAMES = (
    "None",
    "True",
    "False",
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "divmod",
    "enumerate",
    "filter",
    "float",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "max",
    "min",
    "reversed",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    "ValueError",
    "KeyError",
    "TypeError",
    "Exception",
)


class SandboxViolation(Exception):
    """Raised when an expression is not allowed; `reasons` lists each finding."""

    def __init__(self, reasons: Iterable[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__("; ".join(self.reasons))


class IterationBudgetExceeded(Exception):
    pass


def _bounded_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_ITERATIONS:
        raise IterationBudgetExceeded(f"range of {len(result)} elements exceeds {MAX_ITERATIONS}")
    return result


def _add_days(iso: str, days: int) -> str:
    """Shift an ISO date or datetime by whole days; handy in timer expressions."""
    moment = datetime.fromisoformat(iso)
    return (moment + timedelta(days=days)).isoformat()


SAFE_BUILTINS: dict[str, Any] = {name: getattr(builtins, name) for name in _ALLOWED_BUILTIN_NAMES}
SAFE_BUILTINS["range"] = _bounded_range
# Small, pure helpers that processes may call; all return JSON-friendly values.
HELPERS: dict[str, Any] = {
    "add_days": _add_days,
    "ceil": math.ceil,
    "floor": math.floor,
    # The engine's clock (a test's fake clock), not the wall clock.
    "today_iso": lambda: clocking.current_clock().now().date().isoformat(),
    "date_iso": lambda y, m, d: date(y, m, d).isoformat(),
}


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_ITERATIONS

    def iterate(self, obj: Iterable[Any]) -> Iterator[Any]:
        for item in obj:
            self.left -= 1
            if self.left < 0:
                raise IterationBudgetExceeded(f"more than {MAX_ITERATIONS} iterations in one evaluation")
            yield item


def _guarded_getitem(obj: Any, key: Any) -> Any:
    if isinstance(key, str) and key.startswith("_"):
        raise KeyError(key)
    return obj[key]


def _inplace(op: str, x: Any, y: Any) -> Any:
    operations = {
        "+=": lambda: x + y,
        "-=": lambda: x - y,
        "*=": lambda: x * y,
        "/=": lambda: x / y,
        "//=": lambda: x // y,
        "%=": lambda: x % y,
        "|=": lambda: x | y,
        "&=": lambda: x & y,
    }
    if op not in operations:
        raise SandboxViolation([f"operator {op} not allowed"])
    return operations[op]()


class _Checker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.reasons: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES:
            self.reasons.append(f'Line {node.lineno}: "{node.id}" is not allowed in process expressions')

    def visit_While(self, node: ast.While) -> None:
        self.reasons.append(f"Line {node.lineno}: while loops are not allowed (use for over a list)")
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.reasons.append(f"Line {node.lineno}: import is not allowed")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.reasons.append(f"Line {node.lineno}: import is not allowed")


@lru_cache(maxsize=4096)
def compile_checked(source: str, mode: Mode) -> CodeType:
    """Compile restricted code once; raises SandboxViolation with every reason found."""
    try:
        tree = ast.parse(source, mode=mode)
    except SyntaxError as exc:
        raise SandboxViolation([f"syntax error: {exc.msg} (line {exc.lineno})"]) from None
    checker = _Checker()
    checker.visit(tree)
    compiler = compile_restricted_eval if mode == "eval" else compile_restricted_exec
    result = compiler(source)
    reasons = [*result.errors, *checker.reasons]
    if reasons or result.code is None:
        raise SandboxViolation(reasons or ["could not compile"])
    return result.code


def _namespace(extra: dict[str, Any]) -> dict[str, Any]:
    budget = _Budget()
    namespace: dict[str, Any] = {
        "__builtins__": SAFE_BUILTINS,
        "_getattr_": safer_getattr,
        "_getitem_": _guarded_getitem,
        "_getiter_": budget.iterate,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_write_": full_write_guard,
        "_inplacevar_": _inplace,
    }
    namespace.update(HELPERS)
    namespace.update(extra)
    return namespace


GUARD_NAMES = frozenset(_namespace({})) | frozenset(HELPERS)


def check_data_keys(data: dict[str, Any]) -> None:
    bad = sorted(k for k in data if not isinstance(k, str) or k.startswith("_"))
    if bad:
        raise SandboxViolation([f"data key {k!r} is not allowed (keys must not start with '_')" for k in bad])


def evaluate(expression: str, data: dict[str, Any], extra: dict[str, Any] | None = None) -> Any:
    check_data_keys(data)
    code = compile_checked(expression.strip(), "eval")
    namespace = _namespace(extra or {})
    namespace.update(data)
    return eval(code, namespace)


def execute(script: str, data: dict[str, Any], extra: dict[str, Any] | None = None) -> None:
    """Run a script against task data; variables it binds become task data, nothing else does."""
    check_data_keys(data)
    code = compile_checked(script, "exec")
    namespace = _namespace(extra or {})
    hidden = set(namespace)
    namespace.update(data)
    exec(code, namespace)
    result = {
        key: value
        for key, value in namespace.items()
        if not key.startswith("_") and not callable(value) and (key not in hidden or key in data)
    }
    data.clear()
    data.update(result)
