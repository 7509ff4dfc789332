"""`set_status`: the procedure reports an XBau `statusbauportal` code for the case."""

from __future__ import annotations

from permits.errors import ProcessError
from permits.extensions import db
from permits.models import Case
from permits.services import audit
from permits.services.actors import Actor
from permits.tasks.registry import ServiceCall, handler

# urn:xoev-de:xbau:codeliste:statusbauportal, version 3.0
STATUS_LABELS = {
    "01": "Alle Abweichungen zugelassen",
    "02": "Änderungen eingegangen",
    "03": "Anhörung läuft",
    "04": "Antrag abgelehnt",
    "06": "Baugenehmigung abgelehnt",
    "08": "Beteiligung gestartet",
    "09": "Beteiligung abgeschlossen",
    "10": "Bescheid erteilt",
    "12": "Antrag gilt als zurückgenommen",
    "13": "Bautechnische Prüfung beauftragt",
    "14": "Eingang bestätigt",
    "15": "Rücknahme bestätigt",
    "16": "Stellungnahme/Korrektur eingegangen",
    "17": "Unterlagen nachgefordert",
    "18": "Unterlagen vollständig",
    "20": "Vorgang abgeschlossen",
    "22": "Antrag versendet",
    "23": "Antrag zurückgenommen",
    "24": "Vorgang wieder aufgenommen",
    "57": "Sofortige formelle Ablehnung",
    "58": "Genehmigungsfiktion eingetreten",
    "59": "Genehmigungsfiktion aufgehoben",
}


@handler("set_status")
def set_status(call: ServiceCall) -> str:
    code = str(call.params.get("code", ""))
    if code not in STATUS_LABELS:
        raise ProcessError(f"Unbekannter XBau-Status {code!r}.", element_id=call.element_id)
    case = db.session.get_one(Case, call.context["case_id"])
    before = case.status
    case.status = code
    audit.record(
        "status_changed",
        Actor(name=call.context["actor"]),
        case_id=case.id,
        element_id=call.element_id,
        before={"status": before},
        after={"status": code},
    )
    return code
