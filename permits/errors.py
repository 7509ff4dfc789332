"""The domain exception tree. Services raise these; the web and API edges map them to HTTP.

PermitsError                 400  base class; `message` is German and shown to people
├── Unauthenticated          401
├── PermissionDenied         403
├── NotFound                 404
├── Conflict                 409  the request lost a race or the state moved on
│   └── TaskNotReady         409  task already completed, cancelled or never existed as ready
├── InvalidInput             422  with `field_errors` {field: [messages]}
└── ProcessError             422  a process step failed; names the BPMN element
    └── ProcessDefinitionError    a process file is invalid or unsafe (raised at load time)
"""

from __future__ import annotations

from typing import Any


class PermitsError(Exception):
    status = 400
    code = "bad_request"
    title = "Ungültige Anfrage"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_problem(self) -> dict[str, Any]:
        """RFC 9457 problem body."""
        body: dict[str, Any] = {
            "type": f"urn:permits:problem:{self.code}",
            "title": self.title,
            "status": self.status,
            "detail": self.message,
        }
        body.update({k: v for k, v in self.details.items() if v is not None})
        return body


class Unauthenticated(PermitsError):
    status = 401
    code = "unauthenticated"
    title = "Anmeldung erforderlich"


class PermissionDenied(PermitsError):
    status = 403
    code = "forbidden"
    title = "Keine Berechtigung"


class NotFound(PermitsError):
    status = 404
    code = "not_found"
    title = "Nicht gefunden"


class Conflict(PermitsError):
    status = 409
    code = "conflict"
    title = "Konflikt"


class TaskNotReady(Conflict):
    code = "task_not_ready"
    title = "Aufgabe nicht mehr offen"


class InvalidInput(PermitsError):
    status = 422
    code = "invalid_input"
    title = "Ungültige Eingabe"

    def __init__(self, message: str, field_errors: dict[str, list[str]] | None = None, **details: Any):
        super().__init__(message, errors=field_errors or None, **details)
        self.field_errors = field_errors or {}


class ProcessError(PermitsError):
    status = 422
    code = "process_error"
    title = "Verfahrensschritt fehlgeschlagen"

    def __init__(self, message: str, element_id: str | None = None, **details: Any):
        super().__init__(message, element_id=element_id, **details)
        self.element_id = element_id


class ProcessDefinitionError(ProcessError):
    code = "process_definition_error"
    title = "Ungültige Prozessdefinition"

    def __init__(self, message: str, file: str | None = None, element_id: str | None = None):
        super().__init__(message, element_id=element_id, file=file)
        self.file = file
