"""`compute_fee`: the fee from the rate that `gebuehren.dmn` chose (BauGO: per mille of the construction
value, at least the minimum fee), in cents, with a payment deadline."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from permits.core.runtime import last_day, local_today
from permits.errors import ProcessError
from permits.tasks.registry import ServiceCall, handler

PAYMENT_MONTHS = 1


def fee_cents(construction_value: Decimal, rate_per_mille: Decimal, minimum_eur: Decimal) -> int:
    amount = max(construction_value * rate_per_mille / Decimal(1000), minimum_eur)
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@handler("compute_fee")
def compute_fee(call: ServiceCall) -> dict[str, Any]:
    """Parameters `construction_value` (euros), `rate_per_mille`, `minimum` (euros), optional `tariff`."""
    try:
        value = Decimal(str(call.params["construction_value"] or 0))
        rate = Decimal(str(call.params["rate_per_mille"]))
        minimum = Decimal(str(call.params["minimum"]))
    except (KeyError, InvalidOperation):
        raise ProcessError(
            "compute_fee: Rohbauwert, Satz und Mindestgebühr werden gebraucht "
            "(hat gebuehren.dmn einen Treffer?).",
            element_id=call.element_id,
        ) from None
    if value < 0:
        raise ProcessError("Der Rohbauwert darf nicht negativ sein.", element_id=call.element_id)
    cents = fee_cents(value, rate, minimum)
    payment_due = last_day(local_today(), months=PAYMENT_MONTHS)
    return {
        "amount_cents": cents,
        "amount_eur": f"{Decimal(cents) / 100:.2f}",
        "construction_value_eur": f"{value:.2f}",
        "rate_per_mille": str(rate),
        "minimum_eur": f"{minimum:.2f}",
        "tariff": call.params.get("tariff") or "",
        "payment_due_on": payment_due.isoformat(),
    }
