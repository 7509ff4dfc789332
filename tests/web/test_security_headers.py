"""Every answer (pages, API, errors, downloads) carries the security headers; the pages need nothing the
strict content security policy forbids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from permits.core.actors import Actor
from permits.extensions import db
from permits.models import IssuedDocument
from permits.services.accounts import create_token
from permits.web.security import CONTENT_SECURITY_POLICY
from tests.factories import PDF, ApplicationDocumentFactory, ApplicationFactory, CaseFactory
from tests.web.conftest import sign_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# A script element is fine when it loads a file (`src=`); its body would be inline code.
INLINE = re.compile(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I)


def assert_security_headers(response, *, cached: bool = False) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Server" not in headers
    if not cached:
        assert headers["Cache-Control"] == "no-store"


def _bearer(username: str) -> dict[str, str]:
    token = create_token("test", Actor.system("test"), username=username)
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("path", ["/", "/anmelden", "/api/v1/docs"])
def test_public_pages_carry_the_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "Strict-Transport-Security" not in response.headers  # plain http: HSTS would be meaningless


def test_signed_in_pages_are_not_cached(client, people):
    sign_in(client, "sachbearbeitung")
    for path in ("/aufgaben", "/vorgaenge/neu"):
        assert_security_headers(client.get(path))


def test_hsts_when_the_request_came_over_https(client):
    response = client.get("/", base_url="https://permits.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_api_answers_carry_the_headers(client, people):
    response = client.get("/api/v1/tasks", headers=_bearer("sachbearbeitung"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_security_headers(client.get("/api/v1/openapi.json"))


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/gibt-es-nicht", 404),
        ("get", "/api/v1/tasks", 401),
        ("post", "/vorgaenge/neu", 400),  # no form token
        ("get", "/api/v1/gibt-es-nicht", 404),
    ],
)
def test_error_answers_carry_the_headers(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert_security_headers(response)


def test_throttled_sign_in_carries_the_headers(app_with, people):
    strict = app_with(LOGIN_LIMIT_PER_USERNAME="1 per minute").test_client()
    sign_in(strict, "admin", "x")
    response = sign_in(strict, "admin", "x")
    assert response.status_code == 429
    assert_security_headers(response)


def test_static_files_may_be_cached_but_not_sniffed(client):
    with client.get("/static/app.css") as response:
        assert response.status_code == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers.get("Cache-Control") != "no-store"


def test_issued_document_downloads_as_attachment(client, people):
    case = CaseFactory()
    document = IssuedDocument(
        case_id=case.id,
        kind="receipt",
        title="Eingangsbestätigung",
        filename="eingang.pdf",
        media_type="application/pdf",
        content=PDF,
        sha256="0" * 64,
        template_version=1,
        created_by="system:test",
    )
    db.session.add(document)
    db.session.commit()
    sign_in(client, "sachbearbeitung")

    response = client.get(f"/vorgaenge/{case.id}/dokumente/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert_security_headers(response)


def test_uploaded_document_downloads_as_attachment_through_the_api(client, people):
    upload = ApplicationDocumentFactory(application=ApplicationFactory(applicant=people["architektin"]))
    db.session.commit()
    path = f"/api/v1/applications/{upload.application.public_id}/documents/{upload.id}"

    response = client.get(path, headers=_bearer("architektin"))
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert_security_headers(response)


@pytest.mark.parametrize(
    "template",
    sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html") if p.parent.name != "documents"),
    ids=lambda name: name.removesuffix(".html"),
)
def test_page_templates_have_no_inline_script_or_style(template):
    # The policy forbids inline script and style; a template using them would silently lose them.
    assert not INLINE.search((TEMPLATES / template).read_text())


def test_site_drawing_is_an_image_the_policy_allows():
    case_page = (TEMPLATES / "case" / "_geometry.html").read_text()
    assert '<img class="site-drawing"' in case_page and 'src="data:image/svg+xml;base64,' in case_page
    assert "img-src 'self' data:" in CONTENT_SECURITY_POLICY
