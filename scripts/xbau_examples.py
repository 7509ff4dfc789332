"""Build the example XBau messages of docs/xbau.md through the real emitters, from fixed inputs.

    .venv/bin/python scripts/xbau_examples.py [--out docs/xbau-examples] [--schema-dir DIR]

Every input is fixed (message ids, creation time, party ids, dates, the product version in the root
attribute), so the output only changes when an emitter changes; `tests/xbau/test_xbau_examples.py`
rebuilds the files and fails when they differ from the committed ones. After changing an emitter, run
this script and commit the new files together with the change. The schema folder defaults to
$PERMITS_XBAU_SCHEMA_DIR, else ../shared/xbau/2.6/xsd_dev next to the repository.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest import mock
from uuid import UUID, uuid5

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from permits import xbau  # noqa: E402  (after the path: the script runs without installing the package)
from permits.codelists import DocumentType, ParticipationRole, PortalStatus, ProvisionType  # noqa: E402
from permits.xbau.interim import AnsweredMessage, InterimReply, emit_interim_reply  # noqa: E402

OUT = ROOT / "docs" / "xbau-examples"
DEFAULT_SCHEMA_DIR = ROOT.parent / "shared" / "xbau" / "2.6" / "xsd_dev"
# The root attribute `produktversion` carries the installed version; pinned so a release changes no example.
PRODUCT_VERSION = "0.1.0"
SENT_AT = datetime(2026, 4, 2, 8, 30, tzinfo=UTC)
_IDS = UUID("5f0c1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b")  # namespace of every example id


def fixed_id(name: str) -> UUID:
    """A stable UUID per name, so each example keeps its nachrichtenUUID and party ids."""
    return uuid5(_IDS, name)


US = xbau.DvdvAddress("bab:03241001", "Landeshauptstadt Hannover – Bauordnung")
PORTAL = xbau.DvdvAddress("bap:03000000", "Bauportal Niedersachsen")  # the author of the 0200
FIRE = xbau.DvdvAddress("bet:03241101", "Feuerwehr Hannover – Vorbeugender Brandschutz")
# bezug: the portal's referenzAntragsservice from the 0200, and our Aktenzeichen.
CASE = xbau.CaseReference(UUID("9b2f6d0e-1a7c-4e8b-b3d5-6c0f4a2e8d11"), "BA-2026-000123")
OWNER = xbau.Person(
    "Bäcker",
    "Jörg",
    xbau.Address("Am Lindenhofe", "12", "30519", "Hannover"),
    id=fixed_id("party:owner"),
)
DESIGNER = xbau.Designer(
    xbau.Person(
        "Architektin",
        "Anna",
        xbau.Address("Bödekerstraße", "7", "30161", "Hannover"),
        id=fixed_id("party:designer"),
    ),
    chamber_number="AKNDS-12345",
    profession="Architektin",
)
LEGAL_REMEDY = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach seiner Bekanntgabe Klage beim Verwaltungsgericht "
    "Hannover erhoben werden."
)


def envelope(name: str, reader: xbau.DvdvAddress = PORTAL) -> xbau.Envelope:
    return xbau.Envelope(author=US, reader=reader, message_id=fixed_id(f"message:{name}"), created_at=SENT_AT)


def pdf(title: str, kind: DocumentType, file_name: str) -> xbau.Attachment:
    return xbau.Attachment(
        title,
        kind,
        "application/pdf",
        date(2026, 4, 2),
        document_id=xbau.document_id_for(fixed_id(f"document:{file_name}")),
        file_name=file_name,
    )


def completeness_complete(schema_dir: Path) -> bytes:
    message = xbau.CompletenessCheck(
        envelope("0201-complete"),
        CASE,
        complete=True,
        latest_decision_date=date(2026, 7, 2),
        submitted_documents=(xbau.SubmittedDocument("1800", "lageplan.pdf"),),
    )
    return xbau.emit_completeness_check(message, schema_dir=schema_dir)


def completeness_findings(schema_dir: Path) -> bytes:
    message = xbau.CompletenessCheck(
        envelope("0201-findings"),
        CASE,
        complete=False,
        findings=(
            xbau.Finding("Der amtliche Lageplan fehlt.", attachment_type="1804"),
            xbau.Finding("Die Baubeschreibung ist nicht unterschrieben."),
        ),
        due_on=date(2026, 5, 4),
    )
    return xbau.emit_completeness_check(message, schema_dir=schema_dir)


def decision(schema_dir: Path) -> bytes:
    message = xbau.Decision(
        envelope("0205"),
        CASE,
        approved=True,
        document=pdf("Baugenehmigung BA-2026-000123", DocumentType.DECISION, "baugenehmigung.pdf"),
        legal_remedy_notice=LEGAL_REMEDY,
        provisions=(
            xbau.AncillaryProvision(
                ProvisionType.OBLIGATION,
                xbau.legal_domain("Brandschutz"),
                "Die Feuerwehrzufahrt ist dauerhaft freizuhalten.",
            ),
            xbau.AncillaryProvision(
                ProvisionType.ADVISORY_NOTE,
                xbau.legal_domain("Bauordnungsrecht"),
                "Der Baubeginn ist eine Woche vorher anzuzeigen.",
            ),
        ),
        deviations=(
            xbau.DeviationDecision(
                fixed_id("deviation:carport"),
                True,
                xbau.CodeValue("3", "urn:xoev-de:xbau:codeliste:abweichungart", "2.1"),
                "§ 5 Abs. 2 NBauO",
                "Der Carport an der Grenze beeinträchtigt den Nachbarn nicht.",
            ),
        ),
        reasons="Das Vorhaben entspricht den öffentlich-rechtlichen Vorschriften.",
    )
    return xbau.emit_decision(message, schema_dir=schema_dir)


def _project() -> xbau.ProjectData:
    house = [(552410, 5800308), (552422, 5800308), (552422, 5800318), (552410, 5800318), (552410, 5800308)]
    return xbau.ProjectData(
        description="Neubau eines Einfamilienhauses mit Carport",
        owners=(OWNER,),
        fee_debtor=OWNER,
        parcels=(
            xbau.Parcel(
                "03", "85", cadastral_district_name="Döhren", cadastral_section="3", parcel_denominator="2"
            ),
            xbau.Parcel("03", "86", cadastral_district_name="Döhren", cadastral_section="3"),
        ),
        measure_types=("11", "30"),
        designer=DESIGNER,
        authorised_representative=xbau.Organisation(
            "Bauberatung Lindenhofe GmbH",
            xbau.Address("Hildesheimer Straße", "20", "30169", "Hannover"),
            id=fixed_id("party:representative"),
        ),
        building_class=1,
        building_height_m=6.5,
        full_storeys=2,
        plot_address=xbau.Address("Am Lindenhofe", "12", "30519", "Hannover"),
        plot_area_m2=684,
        planned_grz=0.18,
        development_plans=(xbau.DevelopmentPlan(number="1123"),),
        footprint={"type": "Polygon", "coordinates": [[[float(x), float(y)] for x, y in house]]},
    )


def participation_request(schema_dir: Path) -> bytes:
    message = xbau.ParticipationRequest(
        envelope("0300", reader=FIRE),
        CASE,
        request_id=fixed_id("review:fire"),
        concerns=(
            xbau.ParticipationConcern(
                ParticipationRole.COMPETENT_BODY,
                xbau.legal_domain("Brandschutz"),
                "Beteiligung als Brandschutzdienststelle im Baugenehmigungsverfahren",
            ),
        ),
        project=_project(),
        due_on=date(2026, 5, 4),
        consequence_of_default="Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, "
        "gilt ihre Zustimmung als erteilt.",
        agency_label=FIRE.name,
    )
    return xbau.emit_participation_request(message, schema_dir=schema_dir)


def fee_notice(schema_dir: Path) -> bytes:
    message = xbau.FeeNotice(
        envelope("1160"),
        CASE,
        total_cents=187_500,
        payment=xbau.PaymentDetails("DE02120300000000202051", "BA-2026-000123", "BYLADEM1001"),
        due_on=date(2026, 5, 4),
        reasons="Baugenehmigung, 0,6 % des Rohbauwerts von 312.500,00 EUR",
        legal_remedy_notice=LEGAL_REMEDY,
        fees=(xbau.FeeItem("BauGO", "Nr. 1.1", "Baugenehmigung, 0,6 % des Rohbauwerts", 187_500),),
        attachments=(pdf("Gebührenbescheid", DocumentType.FEE_NOTICE, "gebuehrenbescheid.pdf"),),
    )
    return xbau.emit_fee_notice(message, schema_dir=schema_dir)


def portal_status(schema_dir: Path) -> bytes:
    message = xbau.PortalStatusMessage(envelope("1170"), CASE, PortalStatus.RECEIPT)
    return xbau.emit_portal_status(message, schema_dir=schema_dir)


def receipt(schema_dir: Path) -> bytes:
    information = (
        "Ihr Antrag ist am 02.04.2026 eingegangen und wird unter dem Aktenzeichen BA-2026-000123 bearbeitet."
    )
    message = xbau.ReceiptConfirmation(envelope("1120"), CASE, information)
    return xbau.emit_receipt_confirmation(message, schema_dir=schema_dir)


def file_reference(schema_dir: Path) -> bytes:
    message = xbau.FileReferenceNotice(envelope("1121"), CASE)
    return xbau.emit_file_reference_notice(message, schema_dir=schema_dir)


def interim_reply(schema_dir: Path) -> bytes:
    """0306: the deadline extension the fire protection office asked for in its 0305."""
    message = InterimReply(
        envelope("0306", reader=FIRE),
        CASE,
        request_id=fixed_id("review:fire"),
        answers=AnsweredMessage(fixed_id("message:0305"), "0305", datetime(2026, 4, 20, 7, 45, tzinfo=UTC)),
        reply="Die Frist zur Stellungnahme wird bis zum 18.05.2026 verlängert.",
        due_on=date(2026, 5, 18),
        consequence_of_default="Äußert sich die beteiligte Stelle nicht bis zum Ablauf der Frist, "
        "gilt ihre Zustimmung als erteilt.",
    )
    return emit_interim_reply(message, schema_dir=schema_dir)


# file name -> builder; docs/xbau.md lists every file.
EXAMPLES: dict[str, Callable[[Path], bytes]] = {
    "0201-formellePruefung-vollstaendig.xml": completeness_complete,
    "0201-formellePruefung-befunde.xml": completeness_findings,
    "0205-bescheid.xml": decision,
    "0300-beteiligung-aufforderung.xml": participation_request,
    "0306-beteiligung-reaktionZwischennachricht.xml": interim_reply,
    "1120-eingangsbestaetigung.xml": receipt,
    "1121-aktenzeichen.xml": file_reference,
    "1160-gebuehrenbescheid.xml": fee_notice,
    "1170-status-eingang-bestaetigt.xml": portal_status,
}


def build_examples(schema_dir: Path) -> dict[str, bytes]:
    """Every example, schema-validated by the emitter itself (an invalid one raises)."""
    with mock.patch("permits.xbau.builder._product_version", return_value=PRODUCT_VERSION):
        return {name: build(schema_dir) for name, build in EXAMPLES.items()}


def write_examples(out: Path, schema_dir: Path) -> list[Path]:
    """Write the examples into `out`, removing example files that are no longer built."""
    examples = build_examples(schema_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.xml"):
        if stale.name not in examples:
            stale.unlink()
    written = []
    for name, data in examples.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    default_schemas: Any = os.environ.get("PERMITS_XBAU_SCHEMA_DIR") or DEFAULT_SCHEMA_DIR
    parser.add_argument("--schema-dir", type=Path, default=Path(default_schemas))
    args = parser.parse_args(argv)
    for path in write_examples(args.out, args.schema_dir):
        print(path, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
