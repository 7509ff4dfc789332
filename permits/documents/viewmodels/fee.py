"""Gebührenbescheid: fee items, total, payment deadline and the authority's account. Amounts in cents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from permits.documents.letterhead import Letterhead, letterhead_from_config
from permits.documents.viewmodels.base import (
    DocumentHeader,
    ViewModel,
    header_for,
    require_address,
    require_after,
    section,
    text,
)
from permits.errors import InvalidInput
from permits.models import Case

DEFAULT_TARIFF = "Baugebührenordnung (BauGO)"


@dataclass(frozen=True)
class FeeItem:
    description: str
    amount_cents: int
    legal_basis: str | None = None  # "Nr. 1.1.1 Anlage 1 BauGO"


@dataclass(frozen=True)
class FeeNotice(ViewModel):
    header: DocumentHeader
    items: tuple[FeeItem, ...]
    due_on: date
    payment_reference: str  # Kassenzeichen
    construction_value_cents: int | None = None  # Rohbauwert, the basis of the building fee
    decision_reference: str | None = None  # "Baugenehmigung vom 02.03.2026"

    @property
    def total_cents(self) -> int:
        return sum(item.amount_cents for item in self.items)


def build_fee_notice(
    case: Case,
    *,
    items: Sequence[FeeItem | Mapping[str, Any]],
    due_on: date,
    payment_reference: str,
    case_officer: str,
    decision_reference: str | None = None,
    issued_on: date | None = None,
    letterhead: Letterhead | None = None,
) -> FeeNotice:
    letterhead = letterhead or letterhead_from_config()
    letterhead.require_bank_account()
    header = header_for(
        case,
        letterhead=letterhead,
        recipient=require_address(case, "applicant", "Gebührenschuldner/in"),
        subject="Gebührenbescheid",
        issued_on=issued_on,
        case_officer=case_officer,
    )
    require_after(due_on, header.issued_on, "due_on")
    if not payment_reference.strip():
        raise InvalidInput("Das Kassenzeichen fehlt.", field_errors={"payment_reference": ["Angabe fehlt."]})
    notice = FeeNotice(
        header=header,
        items=parse_fee_items(items),
        due_on=due_on,
        payment_reference=payment_reference.strip(),
        construction_value_cents=_construction_value(case),
        decision_reference=decision_reference,
    )
    if notice.total_cents <= 0:
        raise InvalidInput(
            "Der Gesamtbetrag muss positiv sein.", field_errors={"items": ["Summe ist nicht positiv."]}
        )
    return notice


def parse_fee_items(items: Sequence[FeeItem | Mapping[str, Any]]) -> tuple[FeeItem, ...]:
    parsed = tuple(_item(index, item) for index, item in enumerate(items))
    if not parsed:
        raise InvalidInput(
            "Ein Gebührenbescheid braucht mindestens eine Position.",
            field_errors={"items": ["Mindestens ein Eintrag ist erforderlich."]},
        )
    return parsed


def _item(index: int, item: FeeItem | Mapping[str, Any]) -> FeeItem:
    amount: Any
    if isinstance(item, FeeItem):
        description, amount, basis = item.description, item.amount_cents, item.legal_basis
    else:
        description, amount, basis = (
            text(item, "description") or "",
            item.get("amount_cents"),
            text(item, "legal_basis"),
        )
    # Cents are integers by contract: a float here means someone computed money in floating point.
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidInput(
            "Beträge sind in ganzen Cent anzugeben.",
            field_errors={f"items[{index}].amount_cents": ["Ganzzahl (Cent) erwartet."]},
        )
    if not description.strip():
        raise InvalidInput(
            "Eine Gebührenposition hat keine Bezeichnung.",
            field_errors={f"items[{index}].description": ["Angabe fehlt."]},
        )
    return FeeItem(description=description.strip(), amount_cents=amount, legal_basis=basis)


def _construction_value(case: Case) -> int | None:
    value = section(case, "project").get("construction_value_cents")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


# --- from the procedure: the fee as compute_fee returned it ---------------------------------------------


def fee_item(fee: Mapping[str, Any]) -> dict[str, Any]:
    """The building fee as one item: what the notice lists and the case records for XBau 1160.
    compute_fee words the description and names the legal basis from the rule table."""
    return {
        "description": str(fee["description"]),
        "amount_cents": int(fee["amount_cents"]),
        "legal_basis": fee.get("legal_basis") or DEFAULT_TARIFF,
    }


def payment_reference(case: Case) -> str:
    """The Kassenzeichen the applicant quotes when paying."""
    return f"{case.file_reference}-GEB"


def fee_notice_arguments(case: Case, given: Mapping[str, Any], process: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "items": [fee_item(given)],
        "due_on": given["payment_due_on"],
        "payment_reference": payment_reference(case),
        "decision_reference": case.file_reference,
    }
