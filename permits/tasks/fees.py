"""`compute_fee`: the building fee from the rule table (`rules/statutory.yaml`), in cents, with a payment
deadline.

`gebuehren.dmn` decides which tariff applies (procedure, building class) and hands its name to the step;
the tariff's marginal rates per band of the construction value (BauGO: per mille of the Rohbauwert), its
minimum fee and legal reference come from the rule table for the day the fee is set. A refusal, a deemed
withdrawal or a deemed approval is charged as its reduction rule says (a fraction of the permit fee).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from permits.core import rules
from permits.core.runtime import expires_at, local_today
from permits.documents.formatting import format_money
from permits.errors import ProcessError
from permits.tasks.registry import ServiceCall, handler

PERMIT = "permit"
# What a fee is charged for (parameter `basis`) -> its reduction rule; the permit itself has none.
BASES = {
    PERMIT: None,
    "refusal": "refusal",
    "deemed_withdrawal": "deemed_withdrawal",
    "deemed_approval": "deemed_approval",
}
SUBJECT = {
    PERMIT: "Gebühr für die Baugenehmigung",
    "refusal": "Gebühr für die Ablehnung des Bauantrags",
    "deemed_withdrawal": "Gebühr für den als zurückgenommen geltenden Bauantrag",
    "deemed_approval": "Gebühr für die Baugenehmigung (Genehmigungsfiktion)",
}


@handler("compute_fee")
def compute_fee(call: ServiceCall) -> dict[str, Any]:
    """Parameters `construction_value` (euros), `tariff` (a fee rule, chosen by gebuehren.dmn) and `basis`
    (permit | refusal | deemed_withdrawal | deemed_approval; default permit)."""
    value = _construction_value(call)
    basis = str(call.params.get("basis") or PERMIT)
    if basis not in BASES:
        raise ProcessError(f"compute_fee: unbekannter Gebührenanlass {basis!r}.", element_id=call.element_id)
    name = call.params.get("tariff")
    if not name:
        raise ProcessError(
            "compute_fee: kein Gebührentarif (hat gebuehren.dmn einen Treffer?).", element_id=call.element_id
        )
    today = local_today()
    tariff = rules.tariff(str(name), today)
    full = tariff.fee_cents(value)
    rate = rate_text(tariff, value)
    reduction_name = BASES[basis]
    verify = tariff.verify
    if reduction_name is None:
        cents, description, legal_basis = full, f"{SUBJECT[basis]}: {rate}", tariff.reference
    else:
        reduction = rules.reduction(reduction_name, today)
        cents, verify = reduction.apply(full), verify or reduction.verify
        if reduction.fraction == 1:
            description = f"{SUBJECT[basis]}: {rate}"
        else:
            share = f"{percent(reduction.fraction)} der Gebühr für die Baugenehmigung"
            description = f"{SUBJECT[basis]}: {share} ({format_money(full)}; {rate})"
        legal_basis = f"{reduction.reference} i. V. m. {tariff.reference}"
    payment = rules.period("payment", today)
    payment_due = payment.last_day(today)
    return {
        "amount_cents": cents,
        "amount_eur": f"{Decimal(cents) / 100:.2f}",
        "construction_value_eur": f"{value:.2f}",
        "basis": basis,
        "tariff": tariff.name,
        "description": description,
        "legal_basis": legal_basis,
        "verify": verify,  # a rate or reduction not yet checked against the statute (rule table)
        "payment_due_on": payment_due.isoformat(),
        "payment_fires_at": expires_at(payment_due).isoformat(),
    }


def _construction_value(call: ServiceCall) -> Decimal:
    try:
        value = Decimal(str(call.params.get("construction_value") or 0))
    except InvalidOperation:
        raise ProcessError(
            "compute_fee: der Rohbauwert ist keine Zahl.", element_id=call.element_id
        ) from None
    if not value.is_finite() or value < 0:
        raise ProcessError("Der Rohbauwert darf nicht negativ sein.", element_id=call.element_id)
    return value


def rate_text(tariff: rules.Tariff, value: Decimal) -> str:
    """How the fee follows from the value: '10 ‰ des Rohbauwerts von 400.000,00 €, mindestens …'."""
    base = f"des Rohbauwerts von {format_money(rules.cents(value))}"
    if len(tariff.bands) == 1:
        rate = f"{number(tariff.bands[0].per_mille)} ‰ {base}"
    else:
        parts = []
        for band in tariff.bands:
            upper = f"bis {format_money(rules.cents(band.up_to_eur))}" if band.up_to_eur else "darüber"
            parts.append(f"{number(band.per_mille)} ‰ {upper}")
        rate = f"{', '.join(parts)} {base}"
    return f"{rate}, mindestens {format_money(rules.cents(tariff.minimum_eur))}"


def number(value: Decimal) -> str:
    """Decimal in German notation without trailing zeros: 7.50 -> '7,5'."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def percent(fraction: Decimal) -> str:
    return f"{number(fraction * 100)} %"
