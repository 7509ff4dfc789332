"""Settings: defaults in `Config`, overridden by `PERMITS_*` environment variables and test_config."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Environment variable suffix -> Flask config key, where the two differ.
_ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


class Config:
    DEBUG = False
    TESTING = False
    # Demo mode (`make run`): a built-in secret key is acceptable.
    DEMO = False
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # default: SQLite file in the instance folder
    # Merged over the defaults in the app factory: pool_pre_ping replaces connections the database dropped.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {}
    PROCESSES_DIR = str(PROJECT_ROOT / "processes")
    # Statutory periods and fee rates by Land and valid-from date (permits/core/rules.py reads it).
    RULES_FILE = str(PROJECT_ROOT / "rules" / "statutory.yaml")
    XBAU_SCHEMA_DIR: str | None = None
    # Our DVDV address(es), comma-separated: an incoming message whose leser is none of them is refused (422).
    XBAU_AUTHORITY_ADDRESS = "bab:03241001"
    # test="true" messages are refused (422) unless this is on; then they open a case flagged details["test"].
    XBAU_ACCEPT_TEST_MESSAGES = False
    # Procedure for a 0200 without a Verfahrensart or with a code we do not know (the officer can correct it).
    XBAU_DEFAULT_PROCEDURE = "simplified"
    # Timezone of the authority; statutory deadlines end at local midnight.
    TIMEZONE = "Europe/Berlin"
    # Land whose public holidays count for deadlines (ISO 3166-2 subdivision of DE).
    HOLIDAY_SUBDIVISION = "NI"
    # Log lines: "text" for a terminal, "json" (one object per line) for production log collection.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # When set, /metrics wants "Authorization: Bearer <token>"; otherwise keep it off the public site (nginx).
    METRICS_TOKEN: str | None = None
    # Behind a reverse proxy: how many proxies set X-Forwarded-For/-Proto/-Host (0: none, use the socket).
    PROXY_COUNT = 0
    WORKER_POLL_SECONDS = 2.0
    WORKER_BATCH = 20
    JOB_LEASE_SECONDS = 300
    # A worker beats every WORKER_HEARTBEAT_SECONDS; one silent for WORKER_STALE_SECONDS counts as dead and
    # its jobs are taken over at once (the lease above stays the upper bound).
    WORKER_HEARTBEAT_SECONDS = 5.0
    WORKER_STALE_SECONDS = 30.0
    # /readyz reports not ready when no worker has beaten for this long.
    READY_WORKER_SECONDS = 60.0
    # New API tokens expire after this many days unless `permits tokens create --days N` says otherwise.
    API_TOKEN_DAYS = 365
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
    # Joint sign-off (Freizeichnung): the Bauherr must confirm a portal application before submission;
    # the one-time link is valid this many days.
    SIGNOFF_REQUIRED = True
    SIGNOFF_LINK_DAYS = 14
    # Webhook receivers: https only (http in development with WEBHOOKS_ALLOW_HTTP), public addresses only,
    # checked at registration and again before every delivery. WEBHOOK_ALLOWED_HOSTS (comma-separated host
    # names or IP addresses) exempts internal receivers from the address check, e.g. "127.0.0.1" in tests.
    WEBHOOKS_ALLOW_HTTP = False
    WEBHOOK_ALLOWED_HOSTS = ""
    WEBHOOK_CONNECT_TIMEOUT_SECONDS = 3.0
    WEBHOOK_TIMEOUT_SECONDS = 10.0  # the whole exchange, answer included
    WEBHOOK_MAX_RESPONSE_BYTES = 64 * 1024  # read at most this much of an answer, then hang up
    # JSON request bodies: checked before parsing (422). Larger limits per API blueprint where needed.
    API_JSON_MAX_DEPTH = 32
    API_JSON_MAX_BYTES = 1024 * 1024
    API_JSON_MAX_BYTES_BY_BLUEPRINT: ClassVar[dict[str, int]] = {"applications": 4 * 1024 * 1024}
    REMINDER_DAYS_BEFORE = 5
    # Applicants are mailed this many days before the deadline of a task of theirs (e.g. resubmission).
    APPLICANT_REMINDER_DAYS = 7
    # Transactional e-mail (permits/core/mail.py). Without MAIL_SERVER nothing is sent: mails are logged
    # (without their text) and kept for the administrators' demo mailbox (/admin/postfach).
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_USE_TLS = False  # STARTTLS after connecting
    MAIL_SENDER = "permits <noreply@permits.invalid>"
    MAIL_TIMEOUT_SECONDS = 10.0
    # Links in e-mails are absolute: the address people reach the pages at.
    BASE_URL = "http://127.0.0.1:5000"
    AUTHORITY_NAME = "Landeshauptstadt Hannover – Bauordnung"
    AUTHORITY_ADDRESS = "Rudolf-Hillebrecht-Platz 1, 30159 Hannover"
    AUTHORITY_DVDV = "bab:03241001"
    # Where replies go for cases that did not come from a portal's 0200 (submitted over our own API).
    XBAU_PORTAL_DVDV = "bap:03000000"
    XBAU_PORTAL_NAME = "Bauportal Niedersachsen"
    # Demo bank details (a syntactically valid test IBAN); set the authority's own in production.
    AUTHORITY_IBAN = "DE02120300000000202051"
    AUTHORITY_BIC = "BYLADEM1001"
    AUTHORITY_BANK_NAME = "Deutsche Kreditbank (Demo)"
    FILE_REFERENCE_PREFIX = "BA"
    PASSWORD_HASH_METHOD = "scrypt"
    # Session cookie: never sent cross-site on POST, invisible to scripts, HTTPS only. In debug, demo and
    # test mode (plain http://127.0.0.1) `Secure` is dropped unless PERMITS_SESSION_COOKIE_SECURE is given.
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = True
    # A signed-in session ends after this long without a request, and this long after sign-in at the latest.
    SESSION_IDLE_MINUTES = 30
    SESSION_ABSOLUTE_HOURS = 10
    # Failed sign-ins allowed per user name and per client address before 429 (Flask-Limiter syntax).
    LOGIN_LIMIT_PER_USERNAME = "5 per minute"
    LOGIN_LIMIT_PER_IP = "20 per minute"
    # Registrations and password-reset requests per client address (each sends an e-mail).
    ACCOUNT_MAIL_LIMIT_PER_IP = "5 per minute"
    # Where the counters live: memory:// is per process; use redis://… when several processes serve.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True


def _coerce(raw: str, current: Any) -> Any:
    if isinstance(current, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(current, int):
        return int(raw)
    if isinstance(current, float):
        return float(raw)
    if isinstance(current, dict):
        return json.loads(raw)
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Every `PERMITS_<KEY>` variable overrides the `Config` attribute `<KEY>` (with a few aliases)."""
    environ = dict(os.environ if environ is None else environ)
    overrides: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("PERMITS_"):
            continue
        key = name.removeprefix("PERMITS_")
        key = _ENV_ALIASES.get(key, key)
        if key.isupper() and hasattr(Config, key):
            overrides[key] = _coerce(raw, getattr(Config, key))
    return overrides
