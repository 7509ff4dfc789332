"""Emitting the authority's messages: every type is schema-valid and reads back to the values put in."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from lxml import etree

from permits.errors import InvalidInput
from permits.xbau import (
    Address,
    AncillaryProvision,
    Attachment,
    CaseReference,
    CodeValue,
    CompletenessCheck,
    Decision,
    Designer,
    DevelopmentPlan,
    DeviationDecision,
    DocumentType,
    Envelope,
    ExpenseItem,
    FeeItem,
    FeeNotice,
    FileReferenceNotice,
    Finding,
    OutgoingMessageInvalid,
    Parcel,
    ParticipationConcern,
    ParticipationRequest,
    ParticipationRole,
    PaymentDetails,
    Person,
    PortalStatus,
    PortalStatusMessage,
    ProjectData,
    ProvisionType,
    ReceiptConfirmation,
    SubmittedDocument,
    decode_formatted_text,
    document_id_for,
    emit_completeness_check,
    emit_decision,
    emit_fee_notice,
    emit_file_reference_notice,
    emit_participation_request,
    emit_portal_status,
    emit_receipt_confirmation,
    legal_domain,
)
from permits.xbau import reading as r
from permits.xbau.messages import MonumentNote, OtherParticipant, StructuralProof
from permits.xbau.model import Organisation

DECISION_PDF_ID = document_id_for(UUID("4c2d9b7e-0f1a-4e3b-8c5d-6a7b8c9d0e1f"))
OWNER = Person("Weißmüller", "Jürgen", Address("Königsworther Straße", "12", "30167", "Hannover"))


def _root(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def _assert_header(root: etree._Element, code: str, envelope: Envelope) -> None:
    head = r.header(root)
    assert (head.message_id, head.message_type) == (envelope.message_id, code)
    assert head.author.id == envelope.author.id and head.reader.id == envelope.reader.id
    assert head.author.name == "Region Hannover - Team Bauordnung"  # DIN 91379 has no en dash
    assert head.created_at == envelope.created_at and head.test is True
    assert root.get("produkt") == "permits" and root.get("produkthersteller")
    assert r.txt(root, "nachrichtenkopf.g2g/leser/verzeichnisdienst/code") == "DVDV"


def _bezug(root: etree._Element, case: CaseReference, path: str) -> None:
    assert r.uuid(root, f"{path}/referenz") == case.case_id
    assert r.txt(root, f"{path}/vorgang") == case.file_reference


def test_completeness_check_complete(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    msg = CompletenessCheck(
        envelope,
        case_ref,
        complete=True,
        latest_decision_date=date(2026, 7, 2),
        expected_decision_date=date(2026, 6, 1),
        submitted_documents=(SubmittedDocument("1800", "lageplan.pdf"),),
    )
    data = emit_completeness_check(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    _assert_header(root, "0201", envelope)
    _bezug(root, case_ref, "x:bezug")
    assert r.flag(root, "x:antragVollstaendig") is True
    dates = "x:unterlagenAntragVollstaendig/x:genehmigungsdatum"
    assert r.day(root, f"{dates}/x:spaetestesGenehmigungsdatum") == date(2026, 7, 2)
    assert r.day(root, f"{dates}/x:voraussichtlichesGenehmigungsdatum") == date(2026, 6, 1)
    assert r.find(root, "x:befundFrist") is None


def test_completeness_check_with_findings_and_deadline(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    msg = CompletenessCheck(
        envelope,
        case_ref,
        complete=False,
        findings=(
            Finding("Der amtliche Lageplan fehlt.", attachment_type="1804"),
            Finding("Die Baubeschreibung ist nicht unterschrieben.\n\nBitte erneut einreichen."),
        ),
        due_on=date(2026, 5, 4),
        cover_letter="Sehr geehrte Frau Muster,\n\nbitte reichen Sie die Unterlagen nach.",
    )
    data = emit_completeness_check(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    assert r.flag(root, "x:antragVollstaendig") is False
    findings = r.findall(root, "x:befundFrist/x:befundliste/x:befund")
    assert [r.plain_text(f, "x:beschreibung") for f in findings] == [
        "Der amtliche Lageplan fehlt.",
        "Die Baubeschreibung ist nicht unterschrieben.\n\nBitte erneut einreichen.",
    ]
    kind = r.code(findings[0], "x:artDesBefundes")
    assert kind == CodeValue("05", "urn:xoev-de:xbau:codeliste:formellebefundeart", "2.0")
    assert r.txt(findings[0], "x:betroffeneAnlage/code") == "1804"
    assert r.day(root, "x:befundFrist/x:frist") == date(2026, 5, 4)
    assert r.find(root, "x:unterlagenAntragVollstaendig") is None


def _decision(envelope: Envelope, case_ref: CaseReference) -> Decision:
    return Decision(
        envelope,
        case_ref,
        approved=True,
        document=Attachment(
            "Baugenehmigung 63-BG-2026/00471",
            DocumentType.DECISION,
            "application/pdf",
            date(2026, 6, 20),
            document_id=DECISION_PDF_ID,
            file_name="baugenehmigung.pdf",
        ),
        legal_remedy_notice="Gegen diesen Bescheid kann innerhalb eines Monats Klage erhoben werden.\n\n"
        "Die Klage ist beim Verwaltungsgericht Hannover zu erheben.",
        provisions=(
            AncillaryProvision(
                ProvisionType.SUSPENSIVE_CONDITION,
                legal_domain("Entwässerung"),
                "Baubeginn erst, wenn die Entwässerungsgenehmigung vorliegt.",
            ),
            AncillaryProvision(
                ProvisionType.OBLIGATION,
                legal_domain("Brandschutz"),
                "Die Wand ist als Brandwand <F90> herzustellen.",
            ),
        ),
        deviations=(
            DeviationDecision(
                UUID("7a0c9e1b-2d3f-4a5b-8c6d-7e8f9a0b1c2d"),
                True,
                CodeValue("3", "urn:xoev-de:xbau:codeliste:abweichungart", "2.1"),
                "§ 5 Abs. 2 NBauO",
                "Die Grenzgarage beeinträchtigt den Nachbarn nicht.",
            ),
        ),
        reasons="Das Vorhaben entspricht dem Bebauungsplan Nr. 1123.",
        notes="Der Baubeginn ist eine Woche vorher anzuzeigen.",
    )


def test_decision_with_provisions_and_pdf(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    data = emit_decision(_decision(envelope, case_ref), schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    _assert_header(root, "0205", envelope)
    _bezug(root, case_ref, "x:bezug")
    decision = r.find(root, "x:bescheid")
    assert r.flag(decision, "x:tenor/x:istGenehmigung") is True
    provisions = r.provisions(decision)
    assert [(p.type, p.legal_domain.code, p.legal_domain.list_uri) for p in provisions] == [
        (ProvisionType.SUSPENSIVE_CONDITION, "Entwässerung", "urn:permits:codeliste:rechtsbereich"),
        (ProvisionType.OBLIGATION, "Brandschutz", "urn:permits:codeliste:rechtsbereich"),
    ]
    assert provisions[1].text == "Die Wand ist als Brandwand <F90> herzustellen."
    assert provisions[1].html == "<p>Die Wand ist als Brandwand &lt;F90&gt; herzustellen.</p>"
    assert (
        r.formatted_text(decision, "x:begruendung")[0]
        == "Das Vorhaben entspricht dem Bebauungsplan Nr. 1123."
    )
    notice = r.plain_text(decision, "x:rechtshelfsbelehrung")  # (sic): XBau's spelling
    assert notice is not None and notice.startswith("Gegen diesen Bescheid")
    assert r.flag(decision, "x:abweichung/x:istZugelassen") is True
    (pdf,) = r.attachments(r.find(root, "x:anlagen"))
    assert (pdf.document_id, pdf.attachment_type, pdf.file_name) == (
        DECISION_PDF_ID,
        "5013",
        "baugenehmigung.pdf",
    )
    assert pdf.document_id is not None and pdf.document_id.startswith("_doc-")


def test_fee_notice_in_cents(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    msg = FeeNotice(
        envelope,
        case_ref,
        total_cents=187_550,
        payment=PaymentDetails("DE89 3704 0044 0532 0130 00", "KZ 2026-000471", "SPKHDE2HXXX"),
        due_on=date(2026, 7, 20),
        reasons="Die Gebühr richtet sich nach dem Rohbauwert von 312.500,00 €.",
        legal_remedy_notice="Gegen diesen Bescheid kann Klage erhoben werden.",
        fees=(FeeItem("BauGO", "Nr. 1.1", "Baugenehmigung, 0,6 % des Rohbauwerts", 187_500),),
        expenses=(ExpenseItem("Zustellung", 50),),
        attachments=(
            Attachment(
                "Gebührenbescheid",
                DocumentType.FEE_NOTICE,
                "application/pdf",
                date(2026, 6, 20),
                document_id=document_id_for(UUID(int=7)),
                file_name="gebuehrenbescheid.pdf",
            ),
        ),
    )
    data = emit_fee_notice(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    assert etree.QName(root).namespace == "http://www.xleitstelle.de/xbau/kernmodul/1/3/0"
    assert root.get("standard") == "XBau-Kernmodul" and root.get("version") == "1.3.0"
    _assert_header(root, "1160", envelope)
    _bezug(root, case_ref, "bezug")
    notice = r.find(root, "gebuehrenbescheid")
    assert r.integer(notice, "kostenberechnung/summe") == 187_550
    assert r.integer(notice, "kostenberechnung/gebuehrenposition/position/betrag") == 187_500
    assert r.txt(notice, "zahlungsdaten/iban") == "DE89370400440532013000"
    assert r.txt(notice, "zahlungsdaten/verwendungszweck") == "KZ 2026-000471"
    assert r.day(root, "frist") == date(2026, 7, 20)
    assert r.txt(notice, "anlage/anlage/anlageart/code") == "5100"


def test_portal_status_carries_the_code_list(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    msg = PortalStatusMessage(
        envelope,
        case_ref,
        PortalStatus.DEEMED_APPROVAL,
        due_on=date(2026, 7, 1),
        reasons="Die Frist ist abgelaufen.",
    )
    data = emit_portal_status(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    _assert_header(root, "1170", envelope)
    assert r.code(root, "statusAntragsportal") == CodeValue(
        "58", "urn:xoev-de:xbau:codeliste:statusbauportal", "3.0"
    )
    assert r.day(root, "frist") == date(2026, 7, 1)
    encoded = r.txt(root, "begruendung/text") or ""
    assert (
        decode_formatted_text(encoded)
        == base64.b64decode(encoded).decode()
        == "<p>Die Frist ist abgelaufen.</p>"
    )


def _project() -> ProjectData:
    footprint: dict[str, Any] = {
        "type": "Polygon",
        "coordinates": [
            [
                [552000.0, 5800000.0],
                [552012.0, 5800000.0],
                [552012.0, 5800010.0],
                [552000.0, 5800010.0],
                [552000.0, 5800000.0],
            ]
        ],
    }
    return ProjectData(
        description="Neubau eines Einfamilienhauses mit Carport",
        owners=(OWNER,),
        fee_debtor=OWNER,
        parcels=(
            Parcel(
                "03", "85", cadastral_district_number="2417", cadastral_section="11", parcel_denominator="3"
            ),
        ),
        designer=Designer(
            Person("Öztürk", "Sabine", Address("Lister Meile", "88", "30161", "Hannover")),
            "AKNDS-12345",
            "Architektin",
        ),
        building_class=1,
        monument_affected=True,
        plot_address=Address("Am Grünen Weg", "5", "30559", "Hannover"),
        plot_area_m2=684,
        planned_grz=0.18,
        planned_gfz=0.35,
        development_plans=(DevelopmentPlan(number="1123"),),
        footprint=footprint,
    )


def test_participation_request_to_the_monument_authority(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    request_id = UUID("c0ffee00-1234-4abc-8def-0123456789ab")
    msg = ParticipationRequest(
        envelope,
        case_ref,
        request_id=request_id,
        concerns=(
            ParticipationConcern(
                ParticipationRole.COMPETENT_BODY, legal_domain("Denkmalschutz"), "Umgebung eines Baudenkmals"
            ),
        ),
        project=_project(),
        due_on=date(2026, 5, 14),
        consequence_of_default="Äußern Sie sich nicht fristgerecht, gilt Ihre Zustimmung als erteilt.",
        agency_label="Untere Denkmalschutzbehörde",
    )
    data = emit_participation_request(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    root = _root(data)
    _assert_header(root, "0300", envelope)
    assert r.uuid(root, "x:referenzAufforderung/x:referenzAuftrag") == request_id
    concern = r.find(root, "x:anliegenBeteiligung")
    assert r.code(concern, "x:rolle") == CodeValue("1", "urn:xoev-de:xbau:codeliste:beteiligungrolle", "2.0")
    assert r.code(concern, "x:rechtsbereich") == legal_domain("Denkmalschutz")
    assert r.formatted_text(concern, "x:grundDerBeteiligung")[0] == "Umgebung eines Baudenkmals"
    assert r.day(root, "x:frist") == date(2026, 5, 14)
    consequence = r.plain_text(root, "x:rechtsfolgeFristversaeumnis")
    assert consequence is not None and consequence.startswith("Äußern Sie sich nicht")
    project = r.find(root, "x:bauvorhaben")
    assert (
        r.txt(project, "x:verortung/x:baugrundstueck/x:grundstueck/x:flurstueck/kodierungFlurstueck/nenner")
        == "3"
    )
    assert (
        r.txt(
            project,
            "x:beteiligte/x:entwurfsverfasser/x:berechtigung/x:mitgliedschaftInland/"
            "x:mitgliedsnummerBundesland/x:mitgliedsnummer",
        )
        == "AKNDS-12345"
    )
    assert (
        r.number(
            project,
            "x:gegenstand/x:bauvorhabenDatenblatt/x:flaechen/x:flaechen.BauNVO/x:flaecheDesBaugrundstuecks",
        )
        == 684
    )
    footprint = r.find(project, "x:verortung/x:lageBauvorhaben/flaeche/polygon")
    assert footprint is not None and footprint.get("srsName") == "urn:ogc:def:crs:EPSG::25832"


@pytest.mark.parametrize(
    ("emit", "build"),
    [
        (
            emit_completeness_check,
            lambda e, c: CompletenessCheck(e, c, True, latest_decision_date=date(2026, 7, 2)),
        ),
        (emit_portal_status, lambda e, c: PortalStatusMessage(e, c, PortalStatus.RECEIPT)),
    ],
)
def test_characters_outside_din_91379_are_refused_before_sending(
    emit: Callable[..., bytes],
    build: Callable[[Envelope, CaseReference], Any],
    envelope: Envelope,
    xsd_dir: Path,
) -> None:
    case_ref = CaseReference(UUID(int=1), "63-BG-2026/00471 \U0001f3e0")

    with pytest.raises(OutgoingMessageInvalid) as refused:
        emit(build(envelope, case_ref), schema_dir=xsd_dir)

    assert isinstance(refused.value, InvalidInput)
    assert "vorgang" in refused.value.message and "kann nicht erzeugt werden" in refused.value.message
    assert len(refused.value.message) < 600  # the 2 kB DIN 91379 pattern is not quoted


def test_message_invariants_fail_at_construction(envelope: Envelope, case_ref: CaseReference) -> None:
    with pytest.raises(ValueError, match="latest_decision_date"):
        CompletenessCheck(envelope, case_ref, complete=True)
    with pytest.raises(ValueError, match="due_on"):
        CompletenessCheck(envelope, case_ref, complete=False, findings=(Finding("Lageplan fehlt"),))
    with pytest.raises(ValueError, match="sum"):
        FeeNotice(
            envelope,
            case_ref,
            100,
            PaymentDetails("DE89370400440532013000", "KZ"),
            date(2026, 1, 1),
            "x",
            "y",
            fees=(FeeItem("BauGO", "1", "x", 99),),
        )


def test_document_ids_must_be_xml_ids(envelope: Envelope, case_ref: CaseReference, xsd_dir: Path) -> None:
    bad = _decision(envelope, case_ref)
    object.__setattr__(
        bad,
        "document",
        Attachment(
            "Bescheid",
            "5013",
            "application/pdf",
            date(2026, 6, 20),
            document_id=str(UUID(int=5)),
            file_name="b.pdf",
        ),
    )
    with pytest.raises(ValueError, match="xs:ID"):
        emit_decision(bad, schema_dir=xsd_dir)


def test_receipt_and_file_reference_quote_the_application(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    information = "Ihr Antrag ist am 02.04.2026 eingegangen und wird unter 63-BG-2026/00471 bearbeitet."
    receipt = emit_receipt_confirmation(
        ReceiptConfirmation(envelope, case_ref, information), schema_dir=xsd_dir
    )
    notice = emit_file_reference_notice(FileReferenceNotice(envelope, case_ref), schema_dir=xsd_dir)

    for data, code in ((receipt, "1120"), (notice, "1121")):
        assert independent_validator.errors(data) == []
        root = _root(data)
        _assert_header(root, code, envelope)
        _bezug(root, case_ref, "bezug")
    assert r.plain_text(_root(receipt), "information") == information
    with pytest.raises(ValueError, match="file reference"):
        FileReferenceNotice(envelope, CaseReference(case_ref.case_id))


def test_participation_request_restates_every_party_and_declared_figure(
    envelope: Envelope, case_ref: CaseReference, xsd_dir: Path, independent_validator: Any
) -> None:
    lawyer = Person("Vollmer", "Jonas", Address("Georgstraße", "5", "30159", "Hannover"))
    engineer = Organisation("Statik Nord GmbH", Address("Ingenieurweg", "3", "30625", "Hannover"))
    surveyor = Person("Maß", "Greta", Address("Am Markt", "1", "30159", "Hannover"))
    project = ProjectData(
        **{
            **_project().__dict__,
            "parcels": (
                Parcel(
                    "03",
                    "112",
                    cadastral_district_name="Linden",
                    cadastral_section="4",
                    parcel_denominator="3",
                ),
                Parcel("03", "113", cadastral_district_name="Linden", cadastral_section="4"),
            ),
            "measure_types": ("11", "30"),
            "authorised_representative": lawyer,
            "other_participants": (
                OtherParticipant(engineer, "06", "1"),
                OtherParticipant(surveyor, "Vermesserin", "Vermessung"),
            ),
            "height_mbo_m": 6.9,
            "monuments": (MonumentNote("3", "Nachbargebäude ist Einzeldenkmal."),),
            "building_height_m": 9.8,
            "full_storeys": 3,
            "footprint_area_m2": 120,
            "floor_area_m2": 360,
            "structural_proofs": (StructuralProof(True, "1"),),
            "location_note": "Mitte des Grundstücks",
        }
    )
    msg = ParticipationRequest(
        envelope,
        case_ref,
        request_id=UUID(int=3),
        concerns=(
            ParticipationConcern(
                ParticipationRole.COMPETENT_BODY, legal_domain("Brandschutz"), "Brandschutz"
            ),
        ),
        project=project,
        due_on=date(2026, 5, 14),
        consequence_of_default="Zustimmung gilt als erteilt.",
    )
    data = emit_participation_request(msg, schema_dir=xsd_dir)

    assert independent_validator.errors(data) == []
    el = r.find(_root(data), "x:bauvorhaben")
    people = r.find(el, "x:beteiligte")
    assert r.party(r.find(people, "x:bevollmaechtigter")) == lawyer
    others = r.findall(people, "x:weitereBeteiligte")
    assert [r.party(r.find(o, "x:beteiligter")) for o in others] == [engineer, surveyor]
    assert r.code(others[0], "x:rolle/x:code") == CodeValue(
        "06", "urn:xoev-de:xbau:codeliste:beteiligterrolle", "2.0"
    )
    assert r.txt(others[1], "x:fachrichtung/x:nichtGelisteterWert") == "Vermessung"
    subject = r.find(el, "x:gegenstand")
    assert [r.txt(m, "code") for m in r.findall(subject, "x:artDerMassnahme")] == ["11", "30"]
    assert r.number(subject, "x:bauordnungsrechtlicheKlassifikation/x:hoeheNachMBO") == 6.9
    (monument,) = r.findall(subject, "x:baudenkmalBetroffen")
    assert r.txt(monument, "x:artDesBaudenkmals/code") == "3"
    assert r.formatted_text(monument, "x:begruendung")[0] == "Nachbargebäude ist Einzeldenkmal."
    baunvo = r.find(subject, "x:bauvorhabenDatenblatt/x:flaechen/x:flaechen.BauNVO")
    assert (r.number(baunvo, "x:hoeheDerBaulichenAnlage"), r.integer(baunvo, "x:anzahlVollgeschosse")) == (
        9.8,
        3,
    )
    assert r.number(baunvo, "x:grundflaechen/x:grundflaeche") == 120
    assert r.number(baunvo, "x:geschossflaechen/x:geschossflaechenzahlGeplant") == 0.35
    assert r.flag(subject, "x:pruefungBautechnischeNachweise/x:pruefungIstErforderlich") is True
    parcels = r.findall(el, "x:verortung/x:baugrundstueck/x:grundstueck/x:flurstueck")
    assert [r.txt(p, "kodierungFlurstueck/zaehler") for p in parcels] == ["112", "113"]
    assert r.txt(el, "x:verortung/x:lageBauvorhaben/erlaeuterung") == "Mitte des Grundstücks"
