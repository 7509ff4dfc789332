"""All models, imported here so metadata is complete for migrations and create_all."""

from permits.codelists import JobStatus  # re-exported: callers know it as a model's status
from permits.models.application import Application, ApplicationDocument, ApplicationStatus
from permits.models.audit import AuditEntry
from permits.models.authority import Authority, AuthorityKind
from permits.models.case import Case, FileReferenceCounter
from permits.models.case_message import CaseMessage, MessageSide
from permits.models.comment import CaseComment
from permits.models.document import IssuedDocument
from permits.models.geometry import GeometryCheck, Layer, LayerFeature
from permits.models.job import Job
from permits.models.mail import DeadlineReminder, OutgoingMail
from permits.models.participation import ReviewRequest, Statement, StatementAttachment
from permits.models.saved_view import SavedInboxView
from permits.models.signoff import ApplicationSignoff
from permits.models.task import OpenTask
from permits.models.timer import Timer
from permits.models.user import AccountToken, ApiToken, Role, User
from permits.models.webhook import DeliveryStatus, Webhook, WebhookDelivery
from permits.models.worker import Worker
from permits.models.workflow import ProcessVersion, WorkflowInstance
from permits.models.xbau_message import MessageDirection, XbauMessage

__all__ = [
    "AccountToken",
    "ApiToken",
    "Application",
    "ApplicationDocument",
    "ApplicationSignoff",
    "ApplicationStatus",
    "AuditEntry",
    "Authority",
    "AuthorityKind",
    "Case",
    "CaseComment",
    "CaseMessage",
    "DeadlineReminder",
    "DeliveryStatus",
    "FileReferenceCounter",
    "GeometryCheck",
    "IssuedDocument",
    "Job",
    "JobStatus",
    "Layer",
    "LayerFeature",
    "MessageDirection",
    "MessageSide",
    "OpenTask",
    "OutgoingMail",
    "ProcessVersion",
    "ReviewRequest",
    "Role",
    "SavedInboxView",
    "Statement",
    "StatementAttachment",
    "Timer",
    "User",
    "Webhook",
    "WebhookDelivery",
    "Worker",
    "WorkflowInstance",
    "XbauMessage",
]
