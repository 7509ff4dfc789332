"""The case page shows under each statement its verdict per legal area, its hints and the files sent with
it."""

from __future__ import annotations

from permits.codelists import ReviewStatus, Verdict
from permits.extensions import db
from permits.models import StatementAttachment
from tests.factories import CaseFactory, ReviewRequestFactory, StatementFactory

AREAS = [
    {
        "legal_area": "Denkmalschutz",
        "verdict": "consent_with_conditions",
        "conditions": [{"type": "2", "legal_area": "Denkmalschutz", "text": "Holzfenster einbauen"}],
        "reasons": "Umgebung eines Baudenkmals.",
    },
    {
        "legal_area": "Naturschutz",
        "verdict": "objection",
        "conditions": [],
        "reasons": "Brutstätte betroffen.",
    },
]


def test_officer_sees_area_verdicts_hints_and_attachments(signed_in, people):
    case = CaseFactory()
    review = ReviewRequestFactory(
        case=case, authority=people["denkmal"].authority, status=ReviewStatus.ANSWERED
    )
    statement = StatementFactory(
        review_request=review,
        verdict=Verdict.OBJECTION,
        conditions=AREAS[0]["conditions"],
        areas=AREAS,
        notes="Die Genehmigung nach § 10 NDSchG wird ersetzt.",
    )
    pdf = StatementAttachment(
        statement=statement,
        title="Stellungnahme (unterschrieben)",
        media_type="application/pdf",
        filename="stellungnahme.pdf",
        content=b"%PDF-1.7 x",
        size=10,
    )
    sneaky = StatementAttachment(
        statement=statement, title="Fotos", media_type="application/pdf", url="javascript:alert(1)"
    )
    db.session.add_all([pdf, sneaky])
    db.session.commit()
    client = signed_in("sachbearbeitung")

    page = client.get(f"/vorgaenge/{case.id}").get_data(as_text=True)

    assert (
        "<td>Denkmalschutz</td><td>Zustimmung mit Nebenbestimmungen</td>" in page
        and "<li>Auflage: Holzfenster einbauen</li>" in page
    )
    assert "<td>Naturschutz</td><td>Ablehnung</td><td>Brutstätte betroffen.</td>" in page
    assert "Hinweise: Die Genehmigung nach § 10 NDSchG wird ersetzt." in page
    link = f"/vorgaenge/{case.id}/stellungnahmen/anlagen/{pdf.id}"
    assert f'href="{link}"' in page and "javascript:" not in page
    assert 'Fotos <span class="meta">(Datei nicht übermittelt)</span>' in page
    download = client.get(link)
    assert download.status_code == 200 and download.data == b"%PDF-1.7 x"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/vorgaenge/{case.id}/stellungnahmen/anlagen/{sneaky.id}").status_code == 404


def test_other_agency_cannot_download_a_statement_attachment(signed_in, people):
    case = CaseFactory()
    review = ReviewRequestFactory(case=case, authority=people["denkmal"].authority)
    statement = StatementFactory(review_request=review)
    item = StatementAttachment(
        statement=statement, title="Stellungnahme", media_type="application/pdf", content=b"%PDF", size=4
    )
    db.session.add(item)
    db.session.commit()

    response = signed_in("feuerwehr").get(f"/vorgaenge/{case.id}/stellungnahmen/anlagen/{item.id}")

    assert response.status_code in (403, 404)
