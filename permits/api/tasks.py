"""Case officers' (and everyone's) task API: inbox, claim, unclaim, assign, complete."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from permits.api.auth import api_actor
from permits.api.schemas.common import paginate, problem_responses
from permits.api.schemas.tasks import (
    AssignSchema,
    CompleteSchema,
    CompletionResultSchema,
    TaskDetailSchema,
    TaskListArgs,
    TaskPageSchema,
    TaskSchema,
)
from permits.errors import InvalidInput
from permits.extensions import db
from permits.models import User
from permits.services import tasks
from permits.services.tasks import TaskFilter

blp = Blueprint("tasks", __name__, url_prefix="/api/v1/tasks", description="User tasks (inbox)")
ERRORS = (401, 403, 404, 409, 422)


@blp.route("")
class TaskList(MethodView):
    @blp.arguments(TaskListArgs, location="query")
    @blp.response(200, TaskPageSchema)
    @problem_responses(blp, 401, 422)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Open tasks visible to the caller, filtered, sorted and paged."""
        task_filter = TaskFilter(
            mine=args["mine"],
            my_groups=args["my_groups"],
            overdue=args["overdue"],
            due_before=args["due_before"],
            process_id=args["procedure"],
            case_id=args["case"],
            sort=args["sort"],
        )
        return paginate(tasks.task_query(api_actor(), task_filter), args["page"], args["per_page"])


@blp.route("/<task_id>")
class TaskItem(MethodView):
    @blp.response(200, TaskDetailSchema)
    @problem_responses(blp, 401, 403, 404, 409)
    def get(self, task_id: str) -> Any:
        """One open task with the definition of its form (409 `task_not_ready`: it has been completed)."""
        return tasks.get_task(task_id, api_actor())


@blp.route("/<task_id>/claim", methods=["POST"])
@blp.response(200, TaskSchema)
@problem_responses(blp, *ERRORS)
def claim(task_id: str) -> Any:
    """Take the task: it is then assigned to the caller. Of concurrent claims exactly one wins; the others
    get 409 naming who has the task."""
    return tasks.claim_task(task_id, api_actor())


@blp.route("/<task_id>/unclaim", methods=["POST"])
@blp.response(200, TaskSchema)
@problem_responses(blp, *ERRORS)
def unclaim(task_id: str) -> Any:
    """Give the task back to its group."""
    return tasks.unclaim_task(task_id, api_actor())


@blp.route("/<task_id>/assign", methods=["POST"])
@blp.arguments(AssignSchema)
@blp.response(200, TaskSchema)
@problem_responses(blp, *ERRORS)
def assign(body: dict[str, Any], task_id: str) -> Any:
    """Assign the task to a person of the responsible group."""
    user = db.session.scalars(select(User).filter_by(username=body["assignee"])).first()
    if user is None:
        raise InvalidInput("Unbekannte Person.", field_errors={"assignee": ["Unbekannte Person."]})
    return tasks.assign_task(task_id, user.id, api_actor())


@blp.route("/<task_id>/complete", methods=["POST"])
@blp.arguments(CompleteSchema)
@blp.response(200, CompletionResultSchema)
@problem_responses(blp, *ERRORS)
def complete(body: dict[str, Any], task_id: str) -> dict[str, Any]:
    """Complete the task with form data (validated by the task's form). Of concurrent completions exactly
    one wins; the others, and later attempts, get 409 `task_not_ready`."""
    actor = api_actor()
    case = tasks.complete_task(task_id, body["data"], actor)
    visible = tasks.list_tasks(actor, TaskFilter(case_id=case.id))
    return {"case_id": case.id, "status": case.status, "open_tasks": visible}
