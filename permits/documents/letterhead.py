"""The issuing authority's letterhead, read from the app config.

AUTHORITY_NAME and AUTHORITY_ADDRESS are part of permits.config. The other keys are optional and read
here with defaults, so an authority sets them through PERMITS_* variables without a code change:
AUTHORITY_DEPARTMENT, AUTHORITY_PHONE, AUTHORITY_EMAIL, AUTHORITY_WEBSITE, AUTHORITY_IBAN, AUTHORITY_BIC,
AUTHORITY_BANK_NAME, AUTHORITY_ADMINISTRATIVE_COURT, AUTHORITY_LOGO.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

DEFAULT_LOGO = "logo.svg"
# The court competent for the default authority (Landeshauptstadt Hannover); an authority elsewhere in
# Lower Saxony sets AUTHORITY_ADMINISTRATIVE_COURT to its own Verwaltungsgericht.
DEFAULT_ADMINISTRATIVE_COURT = "Verwaltungsgericht Hannover, Leonhardtstraße 15, 30175 Hannover"

_LOGO_NAME = re.compile(r"^[A-Za-z0-9_-]+\.svg$")


class LetterheadConfigurationError(RuntimeError):
    """The authority's configuration lacks something a document needs (an operator problem)."""


@dataclass(frozen=True)
class Letterhead:
    name: str
    address_lines: tuple[str, ...]
    department: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    iban: str | None = None
    bic: str | None = None
    bank_name: str | None = None
    administrative_court: str = DEFAULT_ADMINISTRATIVE_COURT
    logo: str = DEFAULT_LOGO  # file name inside permits/documents/assets

    def __post_init__(self) -> None:
        if not _LOGO_NAME.match(self.logo):
            raise LetterheadConfigurationError(
                f"logo must be an SVG file name in the asset folder: {self.logo!r}"
            )
        if self.iban is not None and not iban_is_valid(self.iban):
            raise LetterheadConfigurationError("AUTHORITY_IBAN is not a valid IBAN")

    @property
    def return_address(self) -> str:
        """The one-line sender shown above the recipient in the envelope window (Rücksendeangabe)."""
        return " · ".join((self.name, *self.address_lines))

    def require_bank_account(self) -> None:
        missing = [
            key
            for key, value in (("AUTHORITY_IBAN", self.iban), ("AUTHORITY_BANK_NAME", self.bank_name))
            if not value
        ]
        if missing:
            raise LetterheadConfigurationError(f"fee notices need {', '.join(missing)} in the configuration")


def letterhead_from_config(config: Mapping[str, Any] | None = None) -> Letterhead:
    """Build the letterhead from `config` (default: the current app's config)."""
    config = current_app.config if config is None else config
    return Letterhead(
        name=str(config["AUTHORITY_NAME"]),
        address_lines=split_address(str(config["AUTHORITY_ADDRESS"])),
        department=_optional(config, "AUTHORITY_DEPARTMENT"),
        phone=_optional(config, "AUTHORITY_PHONE"),
        email=_optional(config, "AUTHORITY_EMAIL"),
        website=_optional(config, "AUTHORITY_WEBSITE"),
        iban=_optional(config, "AUTHORITY_IBAN"),
        bic=_optional(config, "AUTHORITY_BIC"),
        bank_name=_optional(config, "AUTHORITY_BANK_NAME"),
        administrative_court=_optional(config, "AUTHORITY_ADMINISTRATIVE_COURT")
        or DEFAULT_ADMINISTRATIVE_COURT,
        logo=_optional(config, "AUTHORITY_LOGO") or DEFAULT_LOGO,
    )


def split_address(address: str) -> tuple[str, ...]:
    """'Rudolf-Hillebrecht-Platz 1, 30159 Hannover' -> two lines, as the config keeps it on one."""
    return tuple(part.strip() for part in address.split(",") if part.strip())


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 check digits (mod 97), so a mistyped account never reaches a fee notice."""
    compact = "".join(iban.split()).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _optional(config: Mapping[str, Any], key: str) -> str | None:
    value = config.get(key)
    return str(value).strip() or None if value is not None else None
