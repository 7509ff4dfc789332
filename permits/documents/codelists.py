"""The few XBau code-list values the documents print, with the German labels from the code lists.

Sources (XRepository, Genericode):
- urn:xoev-de:xbau:codeliste:nebenbestimmungart, version 3.0
- urn:xoev-de:xbau:codeliste:baumassnahmeart, version 2.0
- urn:xoev-de:xbau:codeliste:beteiligungrolle, version 2.0
"""

from __future__ import annotations

import enum

ANCILLARY_PROVISION_TYPE_LIST = "urn:xoev-de:xbau:codeliste:nebenbestimmungart"
ANCILLARY_PROVISION_TYPE_VERSION = "3.0"
WORK_TYPE_LIST = "urn:xoev-de:xbau:codeliste:baumassnahmeart"
WORK_TYPE_VERSION = "2.0"
PARTICIPATION_ROLE_LIST = "urn:xoev-de:xbau:codeliste:beteiligungrolle"
PARTICIPATION_ROLE_VERSION = "2.0"


class AncillaryProvisionType(enum.StrEnum):
    """XBau nebenbestimmungart 3.0."""

    CONDITION = "1"
    OBLIGATION = "2"
    RESERVATION = "3"
    ADVISORY_NOTE = "4"
    RESOLUTIVE_CONDITION = "5"
    SUSPENSIVE_CONDITION = "6"

    @property
    def heading(self) -> str:
        """Plural German heading used to group provisions of this type in a decision."""
        return _PROVISION_HEADINGS[self]

    @property
    def is_binding(self) -> bool:
        """Advisory notes are not ancillary provisions in the legal sense (§ 36 VwVfG)."""
        return self is not AncillaryProvisionType.ADVISORY_NOTE


_PROVISION_HEADINGS = {
    AncillaryProvisionType.CONDITION: "Bedingungen",
    AncillaryProvisionType.SUSPENSIVE_CONDITION: "Aufschiebende Bedingungen",
    AncillaryProvisionType.RESOLUTIVE_CONDITION: "Auflösende Bedingungen",
    AncillaryProvisionType.OBLIGATION: "Auflagen",
    AncillaryProvisionType.RESERVATION: "Vorbehalte",
    AncillaryProvisionType.ADVISORY_NOTE: "Hinweise",
}

# The order in which a decision lists the groups: conditions first, advisory notes last.
PROVISION_ORDER = (
    AncillaryProvisionType.CONDITION,
    AncillaryProvisionType.SUSPENSIVE_CONDITION,
    AncillaryProvisionType.RESOLUTIVE_CONDITION,
    AncillaryProvisionType.OBLIGATION,
    AncillaryProvisionType.RESERVATION,
    AncillaryProvisionType.ADVISORY_NOTE,
)

# baumassnahmeart 2.0, column "beschreibung" shortened to the label.
WORK_TYPE_LABELS = {
    "10": "Baumaßnahme",
    "11": "Errichtung",
    "12": "Änderung",
    "13": "Nutzungsänderung (ohne bauliche Änderung)",
    "14": "Nutzungsänderung (mit baulicher Änderung)",
    "20": "Abgrabung",
    "30": "Beseitigung",
}


class ParticipationRole(enum.StrEnum):
    """XBau beteiligungrolle 2.0: why an agency is asked."""

    COMPETENT_BODY = "1"  # its consent is required
    EXPERT_BODY = "2"  # it gives an expert statement
    MUNICIPALITY = "3"  # municipal consent, § 36 BauGB


PROCEDURE_LABELS = {
    "simplified": "vereinfachtes Baugenehmigungsverfahren (§ 63 NBauO)",
    "full": "Baugenehmigungsverfahren (§ 64 NBauO)",
}
