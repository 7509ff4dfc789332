# ruff: noqa: E501  (example texts read better unwrapped)
"""A realistic example case and the arguments for every document kind: for the document tests, the render
benchmark (bench/documents.py) and the previews (scripts/render_document_previews.py).

The case is fictitious (names, parcel, plans and fee tariff numbers are invented) but shaped like a real application in
Hannover: a detached house in the simplified procedure.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from permits.codelists import ParticipationRole
from permits.documents.viewmodels.base import PostalAddress

EXAMPLE_ISSUED_ON = date(2026, 3, 2)

EXAMPLE_CONFIG: dict[str, Any] = {
    "AUTHORITY_NAME": "Landeshauptstadt Hannover – Bauordnung",
    "AUTHORITY_ADDRESS": "Rudolf-Hillebrecht-Platz 1, 30159 Hannover",
    "AUTHORITY_DEPARTMENT": "Fachbereich Planen und Stadtentwicklung",
    "AUTHORITY_PHONE": "0511 168-0",
    "AUTHORITY_EMAIL": "bauordnung@example.org",
    "AUTHORITY_WEBSITE": "www.example.org/bauen",
    # The widely published example IBAN (valid check digits), not the city's account.
    "AUTHORITY_IBAN": "DE89370400440532013000",
    "AUTHORITY_BIC": "SPKHDE2HXXX",
    "AUTHORITY_BANK_NAME": "Sparkasse Hannover",
}


def example_details() -> dict[str, Any]:
    return {
        "applicant": {
            "name": "Jürgen Weißmüller",
            "street": "Königsworther Straße 12",
            "postal_code": "30167",
            "city": "Hannover",
        },
        "designer": {
            "name": "Dipl.-Ing. Sabine Öztürk, Architektin",
            "chamber_number": "AKNDS-12345",
            "street": "Lister Meile 88",
            "postal_code": "30161",
            "city": "Hannover",
            "email": "oeztuerk@architektur.example",
        },
        "project": {
            "description": "Neubau eines Einfamilienhauses mit Carport",
            "measure_type": "11",
            "building_class": 1,
            "construction_value_cents": 31_250_000,
            "procedure": "simplified",
        },
        "plot": {
            "street": "Am Grünen Weg 5",
            "postal_code": "30559",
            "city": "Hannover",
            "gemarkung": "Kirchrode",
            "flur": "11",
            "zaehler": "85",
            "nenner": "3",
            "area_m2": 684,
        },
    }


EXAMPLE_CONDITIONS = [
    {
        "type": "6",
        "legal_area": "Entwässerung",
        "text": "Mit der Bauausführung darf erst begonnen werden, wenn die Entwässerungsgenehmigung der "
        "Stadtentwässerung Hannover vorliegt.",
    },
    {
        "type": "2",
        "legal_area": "Brandschutz",
        "text": "Die Gebäudeabschlusswand zum Nachbargrundstück Flurstück 85/4 ist als Brandwand "
        "herzustellen; Öffnungen sind unzulässig.",
    },
    {
        "type": "2",
        "legal_area": "Naturschutz",
        "text": "Die auf dem Grundstück vorhandene Stieleiche (Stammumfang 1,80 m) ist während der "
        "Bauarbeiten durch einen ortsfesten Bauzaun im Kronentraufbereich zu schützen.",
    },
    {
        "type": "2",
        "legal_area": "Stellplätze",
        "text": "Der Carport ist vor Aufnahme der Nutzung des Wohngebäudes fertigzustellen (§ 47 NBauO).",
    },
    {
        "type": "3",
        "legal_area": "Denkmalschutz",
        "text": "Werden bei Erdarbeiten Bodenfunde gemacht, bleibt die Anordnung weiterer Maßnahmen "
        "vorbehalten.",
    },
    {
        "type": "4",
        "legal_area": "Arbeitsschutz",
        "text": "Auf die Pflichten des Bauherrn nach der Baustellenverordnung wird hingewiesen.",
    },
]

EXAMPLE_PLANS: list[dict[str, Any]] = [
    {"title": "Lageplan M 1:500", "reference": "LP-01", "dated": "2026-01-12"},
    {"title": "Grundriss Erdgeschoss M 1:100", "reference": "GR-EG", "dated": "2026-01-12"},
    {"title": "Grundriss Dachgeschoss M 1:100", "reference": "GR-DG", "dated": "2026-01-12"},
    {"title": "Schnitt A–A M 1:100", "reference": "S-AA", "dated": "2026-01-12"},
    {"title": "Ansichten Nord, Süd, Ost, West M 1:100", "reference": "AN-01", "dated": "2026-01-12"},
    {"title": "Baubeschreibung", "reference": None, "dated": "2026-01-10"},
    {"title": "Berechnung der Grund- und Geschossflächenzahl", "reference": "BER-01", "dated": "2026-01-10"},
]

EXAMPLE_GEOMETRY_CHECKS = [
    {
        "label": "Abstandsfläche Nordwand (H = 6,20 m)",
        "required": "≥ 3,00 m",
        "actual": "4,10 m",
        "passed": True,
    },
    {
        "label": "Abstandsfläche Ostwand (H = 6,20 m)",
        "required": "≥ 3,00 m",
        "actual": "3,25 m",
        "passed": True,
    },
    {
        "label": "Abstandsfläche Südwand (H = 6,20 m)",
        "required": "≥ 3,00 m",
        "actual": "9,80 m",
        "passed": True,
    },
    {
        "label": "Abstandsfläche Westwand (H = 6,20 m)",
        "required": "≥ 3,00 m",
        "actual": "3,40 m",
        "passed": True,
    },
    {
        "label": "Grundflächenzahl (GRZ) einschl. Überschreitung § 19 Abs. 4 BauNVO",
        "required": "≤ 0,60",
        "actual": "0,31",
        "passed": True,
    },
    {"label": "Geschossflächenzahl (GFZ)", "required": "≤ 1,20", "actual": "0,35", "passed": True},
    {"label": "Baugrenze", "required": "nicht überschritten", "actual": "innerhalb", "passed": True},
]

EXAMPLE_SITE_DRAWING = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">
  <rect x="0" y="0" width="400" height="300" fill="#ffffff"/>
  <polygon points="40,30 360,30 360,270 40,270" fill="#f5f5f4" stroke="#111827" stroke-width="2"/>
  <polygon points="110,60 300,60 300,200 110,200" fill="#dbeafe" stroke="#2563eb" stroke-width="1.5"
           stroke-dasharray="6 3"/>
  <polygon points="130,80 250,80 250,180 130,180" fill="#9ca3af" stroke="#111827" stroke-width="1.5"/>
  <polygon points="130,50 250,50 250,80 130,80" fill="#fde68a" fill-opacity="0.6" stroke="#d97706"/>
  <polygon points="250,80 282,80 282,180 250,180" fill="#fde68a" fill-opacity="0.6" stroke="#d97706"/>
  <polygon points="96,80 130,80 130,180 96,180" fill="#fde68a" fill-opacity="0.6" stroke="#d97706"/>
  <rect x="262" y="190" width="50" height="60" fill="#d6d3d1" stroke="#57534e"/>
  <text x="190" y="135" font-family="DejaVu Sans" font-size="12" text-anchor="middle">Wohnhaus</text>
  <text x="287" y="224" font-family="DejaVu Sans" font-size="9" text-anchor="middle">Carport</text>
  <text x="200" y="290" font-family="DejaVu Sans" font-size="10" text-anchor="middle">Am Grünen Weg</text>
  <text x="50" y="22" font-family="DejaVu Sans" font-size="9">Flurstück 85/3 (684 m²)</text>
  <path d="M375 60 L385 40 L395 60 L385 54 Z" fill="#111827"/>
  <text x="385" y="74" font-family="DejaVu Sans" font-size="10" text-anchor="middle">N</text>
</svg>"""

EXAMPLE_AGENCY = PostalAddress(
    name="Region Hannover",
    department="Untere Naturschutzbehörde",
    street="Hildesheimer Straße 20",
    postal_code="30169",
    city="Hannover",
)


def example_arguments() -> dict[str, dict[str, Any]]:
    """Builder keyword arguments per document kind for the example case (without the case itself)."""
    common: dict[str, Any] = {"case_officer": "Frau Dr. Schäfer", "issued_on": EXAMPLE_ISSUED_ON}
    return {
        "receipt": {
            **common,
            "received_on": date(2026, 2, 23),
            "latest_decision_on": date(2026, 5, 26),
            "deemed_approval_applies": True,
            "submitted_documents": ["Bauantrag (Formular)", *[p["title"] for p in EXAMPLE_PLANS]],
        },
        "deficiency_notice": {
            **common,
            "received_on": date(2026, 2, 23),
            "due_on": date(2026, 3, 23),
            "findings": [
                {
                    "document": "Lageplan",
                    "text": "Die Abstandsflächen zur östlichen Grundstücksgrenze sind nicht "
                    "vermaßt; bitte Wandhöhen und Abstände eintragen.",
                },
                {"document": "Standsicherheitsnachweis", "text": "Der Nachweis fehlt vollständig."},
                {
                    "document": "Bauvorlageberechtigung",
                    "text": "Bitte Nachweis der Eintragung in die Liste der "
                    "Architektenkammer Niedersachsen beifügen.",
                },
            ],
        },
        "participation_request": {
            **common,
            "agency": EXAMPLE_AGENCY,
            "role": ParticipationRole.COMPETENT_BODY,
            "request_reference": "BET-2026-0042",
            "due_on": date(2026, 4, 2),
            "legal_areas": ["Naturschutz und Landschaftspflege", "Baumschutz (Stieleiche im Baufeld)"],
            "enclosures": ["Lageplan M 1:500", "Baubeschreibung", "Freiflächenplan"],
        },
        "approval": {
            **common,
            "applied_on": date(2026, 1, 15),
            "conditions": EXAMPLE_CONDITIONS,
            "approved_plans": EXAMPLE_PLANS,
            "geometry_checks": EXAMPLE_GEOMETRY_CHECKS,
            "site_drawing_svg": EXAMPLE_SITE_DRAWING,
            "geometry_note": "Die Abstandsflächen liegen vollständig auf dem Baugrundstück und überdecken sich nicht.",
            "reasons": [
                "Das Vorhaben ist im vereinfachten Baugenehmigungsverfahren nach § 63 NBauO zu prüfen. Es liegt "
                "im Geltungsbereich des Bebauungsplans Nr. 1234 „Kirchrode-Süd“, der ein allgemeines Wohngebiet "
                "festsetzt; Wohngebäude sind dort allgemein zulässig (§ 4 Abs. 2 Nr. 1 BauNVO).",
                "Das Maß der baulichen Nutzung und die überbaubare Grundstücksfläche werden eingehalten. Die "
                "Abstandsflächen nach § 5 NBauO liegen auf dem Baugrundstück. Die notwendigen Einstellplätze "
                "werden nachgewiesen (§ 47 NBauO).",
                "Die Untere Naturschutzbehörde hat dem Vorhaben unter der Auflage Nr. 3 zugestimmt. Die "
                "Nebenbestimmungen beruhen auf § 36 Abs. 1 VwVfG in Verbindung mit § 1 Abs. 1 NVwVfG; sie "
                "stellen sicher, dass die gesetzlichen Voraussetzungen der Genehmigung erfüllt werden.",
            ],
        },
        "rejection": {
            **common,
            "applied_on": date(2026, 1, 15),
            "hearing_on": date(2026, 2, 9),
            "reasons": [
                "Das Vorhaben überschreitet die im Bebauungsplan festgesetzte Baugrenze an der Ostseite um "
                "2,40 m. Eine Befreiung nach § 31 Abs. 2 BauGB wurde nicht beantragt; die Voraussetzungen "
                "liegen auch nicht vor, weil die Grundzüge der Planung berührt werden.",
                "Die Abstandsfläche der Ostwand (Wandhöhe 6,20 m) beträgt 1,90 m statt der erforderlichen "
                "3,00 m (§ 5 Abs. 2 NBauO).",
            ],
        },
        "deemed_approval_certificate": {
            **common,
            "applied_on": date(2025, 11, 3),
            "complete_on": date(2025, 11, 20),
            "deemed_on": date(2026, 2, 20),
            "approved_plans": EXAMPLE_PLANS,
        },
        "hearing_notice": {
            **common,
            "received_on": date(2026, 1, 15),
            "due_on": date(2026, 3, 16),
            "intended_decision_reasons": (
                "Das Vorhaben überschreitet die im Bebauungsplan festgesetzte Baugrenze an der Ostseite um "
                "2,40 m.\n\nDie Abstandsfläche der Ostwand beträgt 1,90 m statt der erforderlichen 3,00 m "
                "(§ 5 Abs. 2 NBauO)."
            ),
        },
        "deemed_withdrawal_notice": {
            **common,
            "received_on": date(2025, 12, 1),
            "deficiency_due_on": date(2026, 1, 12),
            "withdrawn_on": date(2026, 2, 2),
            "period": "drei Wochen",
            "legal_basis": "§ 69 Abs. 2 Satz 3 NBauO",
            "findings": [{"document": "Standsicherheitsnachweis", "text": "Der Nachweis fehlt vollständig."}],
        },
        "fee_notice": {
            **common,
            "due_on": date(2026, 4, 1),
            "payment_reference": "5.0123.456789.3",
            "decision_reference": "Baugenehmigung vom 02.03.2026",
            "items": [
                {
                    "description": "Baugenehmigung im vereinfachten Verfahren, 5 ‰ des Rohbauwerts von 312.500,00 €",
                    "legal_basis": "Nr. 1.1.1 Anlage 1 BauGO",
                    "amount_cents": 156_250,
                },
                {
                    "description": "Prüfung der Abstandsflächen",
                    "legal_basis": "Nr. 1.4 Anlage 1 BauGO",
                    "amount_cents": 12_000,
                },
                {
                    "description": "Beteiligung der Unteren Naturschutzbehörde",
                    "legal_basis": "§ 13 NVwKostG",
                    "amount_cents": 4_550,
                },
            ],
        },
    }
