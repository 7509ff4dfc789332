"""Case API: one case with its tasks, documents, statements, geometry result and history."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from permits.api.auth import api_actor
from permits.api.schemas.cases import CaseDetailSchema, CaseListArgs, CasePageSchema
from permits.api.schemas.common import paginate, problem_responses
from permits.services import case_view, cases

blp = Blueprint("cases", __name__, url_prefix="/api/v1/cases", description="Cases (Vorgänge)")


@blp.route("")
class CaseList(MethodView):
    @blp.arguments(CaseListArgs, location="query")
    @blp.response(200, CasePageSchema)
    @problem_responses(blp, 401)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Cases the caller may read, newest first."""
        return paginate(cases.readable_cases_query(api_actor()), args["page"], args["per_page"])


@blp.route("/<id:case_id>")
class CaseItem(MethodView):
    @blp.response(200, CaseDetailSchema)
    @problem_responses(blp, 401, 403, 404)
    def get(self, case_id: int) -> Any:
        """A case with everything the caller may see of it."""
        return case_view.case_detail(case_id, api_actor())
