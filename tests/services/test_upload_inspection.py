"""Uploaded building documents are inspected: active content and HTML/PDF polyglots are refused with a German
message next to the file field, clean PDFs are stored with their checked type and served as downloads."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from permits.core.actors import Actor
from permits.documents.inspection import UnsafeDocument, inspect_pdf
from permits.errors import InvalidInput
from permits.extensions import db
from permits.services.accounts import create_token
from permits.services.applications import add_document
from tests.factories import PDF, ApplicationFactory


def _written(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _page_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def clean_pdf() -> bytes:
    return _written(_page_writer())


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return action


def pdf_with_open_action_javascript() -> bytes:
    writer = _page_writer()
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/JavaScript", JS=TextStringObject("app.alert(1)")
    )
    return _written(writer)


def pdf_with_embedded_file() -> bytes:
    writer = _page_writer()
    writer.add_attachment("rechnung.exe", b"MZ\x90\x00")
    return _written(writer)


def pdf_with_launch_on_page_open() -> bytes:
    writer = _page_writer()
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/Launch", F=TextStringObject("cmd.exe"))}
    )
    return _written(writer)


def pdf_with_xfa_form() -> bytes:
    writer = _page_writer()
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )
    return _written(writer)


def pdf_with_javascript_in_an_object_stream() -> bytes:
    """The catalog with its /OpenAction compressed inside an object stream: invisible to a byte scan."""
    catalog = b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert\\(1\\))>>>>"
    inner = [catalog, b"<</Type/Pages/Kids[3 0 R]/Count 1>>"]
    header = b"1 0 2 %d\n" % (len(inner[0]) + 1)
    data = zlib.compress(header + b"\n".join(inner) + b"\n")
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    page_at = out.tell()
    out.write(b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n")
    stream_at = out.tell()
    out.write(
        b"4 0 obj<</Type/ObjStm/N 2/First %d/Filter/FlateDecode/Length %d>>stream\n"
        % (len(header), len(data))
    )
    out.write(data + b"\nendstream\nendobj\n")
    xref_at = out.tell()
    rows = [(0, 0, 65535), (2, 4, 0), (2, 4, 1), (1, page_at, 0), (1, stream_at, 0), (1, xref_at, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out.write(b"5 0 obj<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>stream\n" % len(table))
    out.write(table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    return out.getvalue()


def test_clean_pdfs_pass_with_their_type_and_version():
    assert inspect_pdf(clean_pdf()).media_type == "application/pdf"
    assert inspect_pdf(PDF).version == "1.4"  # minimal files without a cross-reference table, too
    assert inspect_pdf(PDF).version == "1.4"
    owner_locked = _page_writer()
    owner_locked.encrypt(user_password="", owner_password="nur-drucken", algorithm="RC4-128")
    assert inspect_pdf(_written(owner_locked)).media_type == "application/pdf"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (pdf_with_open_action_javascript(), "Die PDF-Datei enthält JavaScript."),
        (pdf_with_embedded_file(), "Die PDF-Datei enthält eingebettete Dateien."),
        (
            pdf_with_launch_on_page_open(),
            "Die PDF-Datei enthält eine Aktion, die Programme startet (/Launch).",
        ),
        (pdf_with_xfa_form(), "Die PDF-Datei enthält ein XFA-Formular."),
        (pdf_with_javascript_in_an_object_stream(), "Die PDF-Datei enthält JavaScript."),
        # a name written with #xx escapes is the same name to a viewer
        (
            PDF.replace(b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/J#61vaScript>>"),
            "Die PDF-Datei enthält JavaScript.",
        ),
    ],
)
def test_active_content_is_refused(content, message):
    with pytest.raises(UnsafeDocument) as refused:
        inspect_pdf(content)
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body><script>alert(document.cookie)</script></body></html>\n" + clean_pdf(),
        clean_pdf() + b"\n<!DOCTYPE html><html><script>alert(1)</script>",
        clean_pdf().replace(b"/Producer (pypdf)", b"/Producer (<script>alert(1)</script>)"),
        clean_pdf().replace(b"/Producer (pypdf)", b"/Producer (<svg onload=alert(1)>)"),
    ],
    ids=["html-before-header", "html-after-eof", "script-in-metadata", "svg-in-metadata"],
)
def test_html_pdf_polyglots_are_refused(content):
    with pytest.raises(UnsafeDocument):
        inspect_pdf(content)


def test_not_a_pdf_and_password_protected_pdfs_are_refused():
    with pytest.raises(UnsafeDocument, match=r"Nur PDF-Dateien sind zulässig\."):
        inspect_pdf(b"GIF89a\x01\x00")
    locked = _page_writer()
    locked.encrypt(user_password="geheim", owner_password="geheim", algorithm="RC4-128")
    with pytest.raises(UnsafeDocument, match="kennwortgeschützt"):
        inspect_pdf(_written(locked))
    with pytest.raises(UnsafeDocument, match="beschädigt"):  # unreadable and hiding compressed objects
        inspect_pdf(b"%PDF-1.5\n1 0 obj<</Type/ObjStm/N 1>>stream\nxx\nendstream endobj\n%%EOF\n")


def test_upload_refuses_javascript_next_to_the_file_field(people):
    application = ApplicationFactory(applicant=people["architektin"])
    db.session.commit()  # the refused upload below rolls its transaction back
    architect = Actor.for_user(people["architektin"])
    with pytest.raises(InvalidInput) as refused:
        add_document(application.public_id, "1800", "plan.pdf", pdf_with_open_action_javascript(), architect)
    assert refused.value.field_errors["file"][0].startswith("Die PDF-Datei enthält JavaScript.")
    stored = add_document(application.public_id, "1800", "plan.pdf", clean_pdf(), architect)
    assert stored.media_type == "application/pdf"


def test_uploads_through_the_api_are_inspected_and_downloaded_as_attachments(client, people):
    token = create_token("Portal", Actor.system("test"), username="architektin")
    headers = {"Authorization": f"Bearer {token}"}
    draft = client.post("/api/v1/applications", json={"title": "Neubau"}, headers=headers).json["id"]
    url = f"/api/v1/applications/{draft}/documents"

    def upload(content: bytes):
        form = {"document_type": "1800", "file": (io.BytesIO(content), "plan.pdf")}
        return client.post(url, data=form, headers=headers)

    polyglot = upload(b"<html><script>alert(1)</script></html>" + clean_pdf())
    assert polyglot.status_code == 422 and polyglot.mimetype == "application/problem+json"
    assert polyglot.json["errors"]["file"] == ["Nur PDF-Dateien sind zulässig."]
    assert upload(pdf_with_embedded_file()).status_code == 422

    clean = clean_pdf()
    stored = upload(clean)
    assert stored.status_code == 201
    download = client.get(f"{url}/{stored.json['id']}", headers=headers)
    assert download.status_code == 200 and download.data == clean
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
