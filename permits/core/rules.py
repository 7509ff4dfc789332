"""The rule table (`rules/statutory.yaml`): statutory periods and fee rates by Land and valid-from date.

A process step names a rule ("participation", "deemed_withdrawal", "permit_full_standard" ...) and the
handler looks it up here for the day that matters, so no period or rate lives in BPMN parameters or Python
constants. Each rule carries its legal reference (printed in letters) and whether it still needs checking
against the statute text (`verify`).

The file is read once per path and cached; `RULES_FILE` in the app config names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from flask import current_app

from permits.core.runtime import last_day, runtime
from permits.errors import ProcessDefinitionError

SECTIONS = ("periods", "fees")


@dataclass(frozen=True)
class Period:
    """A statutory period: months/weeks/days counted by §§ 187, 188 BGB."""

    name: str
    valid_from: date
    reference: str
    verify: bool
    months: int = 0
    weeks: int = 0
    days: int = 0
    label: str = ""  # German, as letters state it ("drei Wochen")
    note: str = ""

    def last_day(self, start: date) -> date:
        """The last day of this period for an event on `start`, in the authority's calendar."""
        return last_day(start, months=self.months, weeks=self.weeks, days=self.days)


@dataclass(frozen=True)
class Band:
    up_to_eur: Decimal | None  # None: the rest of the construction value
    per_mille: Decimal


@dataclass(frozen=True)
class Tariff:
    """A fee by construction value: marginal rates per band, at least `minimum_eur`."""

    name: str
    valid_from: date
    reference: str
    verify: bool
    bands: tuple[Band, ...]
    minimum_eur: Decimal

    def fee_cents(self, construction_value_eur: Decimal) -> int:
        """Each band's rate on the part of the value inside the band: continuous and never decreasing."""
        amount, lower = Decimal(0), Decimal(0)
        for band in self.bands:
            upper = construction_value_eur if band.up_to_eur is None else band.up_to_eur
            upper = min(upper, construction_value_eur)
            if upper > lower:
                amount += (upper - lower) * band.per_mille / Decimal(1000)
            if band.up_to_eur is None or construction_value_eur <= band.up_to_eur:
                break
            lower = band.up_to_eur
        return cents(max(amount, self.minimum_eur))


@dataclass(frozen=True)
class Reduction:
    """A fraction of the permit fee charged instead of it (refusal, deemed withdrawal)."""

    name: str
    valid_from: date
    reference: str
    verify: bool
    fraction: Decimal
    label: str = ""

    def apply(self, full_cents: int) -> int:
        return cents(Decimal(full_cents) * self.fraction / 100)


def cents(euros: Decimal) -> int:
    return int((euros * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def period(name: str, on: date, land: str | None = None) -> Period:
    entry = _version("periods", name, on, land)
    return Period(
        name=name,
        valid_from=entry["valid_from"],
        reference=str(entry["reference"]),
        verify=bool(entry.get("verify", False)),
        months=int(entry.get("months", 0)),
        weeks=int(entry.get("weeks", 0)),
        days=int(entry.get("days", 0)),
        label=str(entry.get("label", "")),
        note=str(entry.get("note", "")),
    )


def tariff(name: str, on: date, land: str | None = None) -> Tariff:
    entry = _version("fees", name, on, land)
    if "bands" not in entry:
        raise _error(f"Gebührenregel {name!r} ist kein Tarif (bands fehlt).")
    bands = tuple(
        Band(
            up_to_eur=None if band.get("up_to") is None else Decimal(str(band["up_to"])),
            per_mille=Decimal(str(band["per_mille"])),
        )
        for band in entry["bands"]
    )
    return Tariff(
        name=name,
        valid_from=entry["valid_from"],
        reference=str(entry["reference"]),
        verify=bool(entry.get("verify", False)),
        bands=bands,
        minimum_eur=Decimal(str(entry.get("minimum_eur", 0))),
    )


def reduction(name: str, on: date, land: str | None = None) -> Reduction:
    entry = _version("fees", name, on, land)
    if "fraction" not in entry:
        raise _error(f"Gebührenregel {name!r} ist keine Ermäßigung (fraction fehlt).")
    return Reduction(
        name=name,
        valid_from=entry["valid_from"],
        reference=str(entry["reference"]),
        verify=bool(entry.get("verify", False)),
        fraction=Decimal(str(entry["fraction"])),
        label=str(entry.get("label", "")),
    )


def rule_names(section: str, land: str | None = None) -> list[str]:
    return sorted(_land_table(land).get(section, {}))


def _version(section: str, name: str, on: date, land: str | None) -> dict[str, Any]:
    versions = _land_table(land).get(section, {}).get(name)
    if not versions:
        raise _error(f"Unbekannte Regel {name!r} in der Regeltabelle ({section}).")
    valid = [v for v in versions if v["valid_from"] <= on]
    if not valid:
        first = versions[0]["valid_from"]
        raise _error(f"Die Regel {name!r} gilt erst ab {first:%d.%m.%Y}, nicht am {on:%d.%m.%Y}.")
    return max(valid, key=lambda v: v["valid_from"])


def _land_table(land: str | None) -> dict[str, Any]:
    land = land or runtime().holiday_subdivision
    table = load(str(current_app.config["RULES_FILE"]))
    if land not in table:
        raise _error(f"Die Regeltabelle enthält keine Regeln für das Land {land!r}.")
    result: dict[str, Any] = table[land]
    return result


def _error(message: str) -> ProcessDefinitionError:
    return ProcessDefinitionError(message)


@lru_cache(maxsize=8)
def load(path: str) -> dict[str, Any]:
    """Parse and check the whole table once: a broken file fails at the first lookup, naming the rule."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise _error(f"{path}: die Regeltabelle muss nach Ländern gegliedert sein.")
    for land, sections in raw.items():
        for section, rules in (sections or {}).items():
            if section not in SECTIONS:
                raise _error(f"{path}: unbekannter Abschnitt {land}.{section}.")
            for name, versions in (rules or {}).items():
                _check_versions(path, f"{land}.{section}.{name}", versions)
                versions.sort(key=lambda v: v["valid_from"])
    return raw


def _check_versions(path: str, where: str, versions: Any) -> None:
    if not isinstance(versions, list) or not versions:
        raise _error(f"{path}: {where} braucht eine Liste von Fassungen.")
    for version in versions:
        if not isinstance(version, dict) or not isinstance(version.get("valid_from"), date):
            raise _error(f"{path}: {where}: jede Fassung braucht valid_from (JJJJ-MM-TT).")
        if not str(version.get("reference") or "").strip():
            raise _error(f"{path}: {where}: jede Fassung braucht ihre Rechtsgrundlage (reference).")
