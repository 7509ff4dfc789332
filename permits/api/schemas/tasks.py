from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from permits.api.schemas.common import PageArgs, page_of
from permits.core.runtime import now


class TaskSchema(Schema):
    id = fields.String(attribute="task_id", required=True)
    name = fields.String(required=True)
    element_id = fields.String(required=True)
    case_id = fields.Integer(required=True)
    file_reference = fields.Function(lambda t: t.case.file_reference, required=True)
    process_id = fields.String(required=True)
    lane = fields.String(allow_none=True)
    candidate_group = fields.String(allow_none=True)
    form = fields.String(allow_none=True)
    assignee = fields.Function(lambda t: t.assignee.username if t.assignee else None, allow_none=True)
    created_at = fields.DateTime(required=True)
    due_at = fields.DateTime(allow_none=True)
    overdue = fields.Function(lambda t: bool(t.due_at and t.due_at < now()), required=True)


class FormFieldSchema(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True)
    required = fields.Boolean(required=True)
    help = fields.String()
    choices = fields.Function(lambda f: [{"value": c.value, "label": c.label} for c in f.choices])
    # kind "rows": the fields of one row (the value is a JSON list of objects with these names)
    row_fields = fields.List(fields.Nested(lambda: FormFieldSchema(exclude=("row_fields",))))


class FormSchema(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    fields_ = fields.List(fields.Nested(FormFieldSchema), data_key="fields", attribute="fields")


class TaskDetailSchema(TaskSchema):
    form_definition = fields.Method("_form", data_key="form_definition", allow_none=True)

    def _form(self, task: Any) -> Any:
        from permits.forms import forms

        form = forms.get(task.form)
        return FormSchema().dump(form) if form else None


TaskPageSchema = page_of(TaskSchema, "TaskPageSchema")


class TaskListArgs(PageArgs):
    mine = fields.Boolean(load_default=False)
    my_groups = fields.Boolean(load_default=False)
    overdue = fields.Boolean(load_default=False)
    due_before = fields.AwareDateTime(load_default=None, default_timezone=None)
    procedure = fields.String(load_default=None, validate=validate.Length(max=100))
    case = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    sort = fields.String(load_default="created", validate=validate.OneOf(["created", "due", "case"]))


class AssignSchema(Schema):
    assignee = fields.String(required=True, validate=validate.Length(min=1, max=80))


class CompleteSchema(Schema):
    data = fields.Dict(keys=fields.String(validate=validate.Length(max=100)), load_default=dict)


class CompletionResultSchema(Schema):
    case_id = fields.Integer(required=True)
    status = fields.String(allow_none=True)
    open_tasks = fields.List(fields.Nested(TaskSchema), required=True)
