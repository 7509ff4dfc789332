"""Building-document types (Bauvorlagen) accepted with an application.

A subset of the XBau code list `urn:xoev-de:xbau:codeliste:anlagen`, version 3.0 (XLeitstelle); the codes an
application in Lower Saxony usually carries. Extend as needed from the official list.
"""

CODE_LIST_URI = "urn:xoev-de:xbau:codeliste:anlagen"
CODE_LIST_VERSION = "3.0"

DOCUMENT_TYPES = {
    "0401": "Nachweis der Bauvorlageberechtigung",
    "0601": "Zustimmung der Eigentümerin/des Eigentümers",
    "0603": "Vollmacht",
    "0800": "Begründung von Abweichungen",
    "1500": "Baubeschreibung",
    "1600": "Betriebsbeschreibung",
    "1700": "Angaben zur Erschließung",
    "1800": "Lageplan mit Auszug aus der Liegenschaftskarte",
    "1803": "Lageplan",
    "1804": "Amtlicher Lageplan",
    "1903": "Berechnung der Geschossflächenzahl",
    "1904": "Berechnung der Grundflächenzahl",
    "2001": "Grundrisse",
    "2002": "Schnitte",
    "2003": "Ansichten",
    "2102": "Abstandsflächenberechnung",
    "2301": "Stellplatznachweis",
    "2701": "Brandschutznachweis",
    "2801": "Standsicherheitsnachweis",
    "2913": "Unterlagen zum Baudenkmal",
    "9999": "Sonstige Unterlage",
}
