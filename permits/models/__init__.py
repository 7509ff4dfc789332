"""All models, imported here so metadata is complete for migrations and create_all."""

from permits.models.application import Application, ApplicationDocument, ApplicationStatus
from permits.models.audit import AuditEntry
from permits.models.authority import Authority, AuthorityKind
from permits.models.case import Case, FileReferenceCounter
from permits.models.document import IssuedDocument
from permits.models.geometry import GeometryCheck, Layer, LayerFeature
from permits.models.job import Job, JobStatus
from permits.models.participation import ReviewRequest, Statement
from permits.models.task import OpenTask
from permits.models.timer import Timer
from permits.models.user import ApiToken, Role, User
from permits.models.webhook import DeliveryStatus, Webhook, WebhookDelivery
from permits.models.workflow import ProcessVersion, WorkflowInstance

__all__ = [
    "ApiToken",
    "Application",
    "ApplicationDocument",
    "ApplicationStatus",
    "AuditEntry",
    "Authority",
    "AuthorityKind",
    "Case",
    "DeliveryStatus",
    "FileReferenceCounter",
    "GeometryCheck",
    "IssuedDocument",
    "Job",
    "JobStatus",
    "Layer",
    "LayerFeature",
    "OpenTask",
    "ProcessVersion",
    "ReviewRequest",
    "Role",
    "Statement",
    "Timer",
    "User",
    "Webhook",
    "WebhookDelivery",
    "WorkflowInstance",
]
