"""Build a view-model from JSON arguments: what a BPMN `issue_document` step or a job payload carries.

Each builder's keyword parameters are the argument names; dates come as ISO strings, the agency as an
object. Unknown or missing names fail with InvalidInput naming them, never silently.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

from sqlalchemy import select

from permits.documents.registry import spec
from permits.documents.viewmodels import PostalAddress, ViewModel
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import Case, Role, User

# Set by the application from config, never by process data.
_NOT_FROM_ARGUMENTS = frozenset({"case", "letterhead"})
FALLBACK_CASE_OFFICER = "Bauaufsichtsbehörde"


def build_view_model(kind: str, case: Case, arguments: Mapping[str, Any], actor: str) -> ViewModel:
    title, builder = spec(kind).title, spec(kind).build
    parameters = _parameters(builder)
    arguments = dict(arguments)
    arguments.setdefault("case_officer", case_officer_for(actor))
    unknown = sorted(set(arguments) - set(parameters))
    if unknown:
        raise InvalidInput(
            f"Unbekannte Angaben für {title}: {', '.join(unknown)}.",
            field_errors={name: ["Unbekannte Angabe."] for name in unknown},
        )
    missing = sorted(
        name
        for name, p in parameters.items()
        if p.default is inspect.Parameter.empty and name not in arguments
    )
    if missing:
        raise InvalidInput(
            f"Für {title} fehlen Angaben: {', '.join(missing)}.",
            field_errors={name: ["Angabe fehlt."] for name in missing},
        )
    hints = get_type_hints(builder)
    converted = {name: _convert(name, hints[name], value) for name, value in arguments.items()}
    return builder(case, **converted)


def case_officer_for(actor: str) -> str:
    """Who the letter names as the authority's case officer ("Sachbearbeitung", "Im Auftrag"): the user
    behind `actor` ("user:<username>") only if they are a case officer of the authority. A step run by
    the applicant, an architect, an agency or the clock (the receipt after submission, a certificate
    after a deadline) speaks for the authority as a whole."""
    if actor.startswith("user:"):
        name = db.session.scalars(
            select(User.display_name).where(User.username == actor[5:], User.role == Role.CASE_OFFICER)
        ).first()
        if name:
            return name
    return FALLBACK_CASE_OFFICER


def _parameters(builder: Callable[..., ViewModel]) -> dict[str, inspect.Parameter]:
    return {
        name: p
        for name, p in inspect.signature(builder).parameters.items()
        if name not in _NOT_FROM_ARGUMENTS
    }


def _convert(name: str, hint: Any, value: Any) -> Any:
    if value is None:
        return None
    target = _non_optional(hint)
    try:
        if target is date and isinstance(value, str):
            return date.fromisoformat(value)
        if target is PostalAddress and isinstance(value, Mapping):
            return PostalAddress(
                **{key: str(value[key]) for key in ("name", "street", "postal_code", "city")},
                department=value.get("department"),
            )
    except (KeyError, ValueError, TypeError):
        raise InvalidInput(
            f"Ungültige Angabe: {name}.", field_errors={name: ["Ungültiges Format."]}
        ) from None
    return value


def _non_optional(hint: Any) -> Any:
    if get_origin(hint) in (Union, types.UnionType):
        options = [arg for arg in get_args(hint) if arg is not type(None)]
        return options[0] if len(options) == 1 else hint
    return hint
