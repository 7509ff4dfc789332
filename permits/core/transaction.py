"""One use case, one transaction: commit on success, roll back everything on any error.

Use cases may call each other (submitting an agency statement completes a task): only the outermost
`transactional` call commits or rolls back, so the composite stays one transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from permits.errors import Conflict
from permits.extensions import db

P = ParamSpec("P")
R = TypeVar("R")

_LOCK_MESSAGES = ("database is locked", "could not serialize", "deadlock detected")
_depth: ContextVar[int] = ContextVar("permits_transaction_depth", default=0)


def transactional(func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        depth = _depth.get()
        token = _depth.set(depth + 1)
        try:
            if depth:
                return func(*args, **kwargs)
            return _outermost(func, *args, **kwargs)
        finally:
            _depth.reset(token)

    return wrapper


def _outermost(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    try:
        result = func(*args, **kwargs)
        db.session.commit()
        return result
    except StaleDataError:
        db.session.rollback()
        raise Conflict(
            "Der Vorgang wurde gleichzeitig geändert. Bitte neu laden und erneut versuchen."
        ) from None
    except OperationalError as exc:
        db.session.rollback()
        if any(m in str(exc.orig).lower() for m in _LOCK_MESSAGES):
            raise Conflict("Der Vorgang ist gerade in Bearbeitung. Bitte erneut versuchen.") from None
        raise
    except BaseException:
        db.session.rollback()
        raise


def in_transaction() -> bool:
    """True inside a `transactional` call: only the outermost call may roll back and try again."""
    return _depth.get() > 0
