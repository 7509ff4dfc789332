"""The JSON API under /api/v1 (flask-smorest, OpenAPI 3 at /api/v1/openapi.json, docs at /api/v1/docs).

Every JSON body is measured before anything parses it: a body larger than its endpoint's limit or nested
deeper than `API_JSON_MAX_DEPTH` is answered 422 instead of costing memory, or a RecursionError (500) in
the parser.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any

from flask import Flask, current_app, request
from flask_smorest import Api

from permits.errors import InvalidInput

# A JSON string with its escapes: brackets inside strings do not count (possessive, so no backtracking).
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
# Opening brackets become +1, closing ones -1 once the bytes are read as signed chars.
_BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


class PermitsApi(Api):  # type: ignore[misc]  # flask-smorest ships no type hints
    def _register_error_handlers(self) -> None:
        # permits.api.problems answers every error as RFC 9457 problem+json; keep smorest's out of the way.
        pass


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it: strings are cut out, the
    brackets left over are summed up. Iterative and linear in C loops, so 1,000 levels cost what 2 do."""
    steps = _JSON_STRING.sub(b"", raw).translate(_BRACKET_STEPS, _NOT_BRACKETS)
    return max(accumulate(memoryview(steps).cast("b")), default=0)


def _json_byte_limit() -> int:
    by_blueprint: dict[str, int] = current_app.config["API_JSON_MAX_BYTES_BY_BLUEPRINT"]
    return int(by_blueprint.get(request.blueprint or "", current_app.config["API_JSON_MAX_BYTES"]))


def _readable_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"


def check_json_limits() -> None:
    """Refuse a JSON body that is too large or too deeply nested before any code parses it."""
    if not request.is_json:
        return
    limit = _json_byte_limit()
    too_large = InvalidInput(
        f"Die JSON-Daten sind zu groß (höchstens {_readable_size(limit)}).",
        field_errors={"body": [f"Höchstens {_readable_size(limit)}."]},
    )
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    raw = request.get_data(cache=True)
    if len(raw) > limit:
        raise too_large
    max_depth = int(current_app.config["API_JSON_MAX_DEPTH"])
    if json_depth(raw) > max_depth:
        raise InvalidInput(
            f"Die JSON-Daten sind zu tief verschachtelt (höchstens {max_depth} Ebenen).",
            field_errors={"body": [f"Höchstens {max_depth} Ebenen."]},
        )


def init_app(app: Flask) -> None:
    from permits.extensions import RowIdConverter

    # First of all request hooks: the others (the NUL check) already parse JSON bodies.
    app.before_request_funcs.setdefault(None, []).insert(0, check_json_limits)

    app.config.setdefault("API_TITLE", "permits API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    spec_kwargs: dict[str, Any] = {
        "info": {
            "description": "Building-permit procedures: applications, tasks, cases, agency review requests."
        },
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    }
    api = PermitsApi(app, spec_kwargs=spec_kwargs)
    api.register_converter(RowIdConverter, lambda _c: {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
    from permits.api import admin, applications, cases, docs, review_requests, tasks, webhooks, xbau

    blueprints = (
        applications.blp,
        tasks.blp,
        cases.blp,
        review_requests.blp,
        webhooks.blp,
        xbau.blp,
        admin.blp,
    )
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    app.extensions["permits_api"] = api
