"""Exceptions of the XBau layer, hooked into the domain tree so the API edge maps them to HTTP.

XBauSchemaUnavailable (PermitsError, 503)  the schema folder is not configured or incomplete
XmlRefused (InvalidInput, 422)             base for everything we refuse to read
├── XmlTooLarge                            above the size limit, never parsed
├── HostileXml                             DTD, entity declarations or entity amplification
├── MalformedXml                           not well-formed
├── SchemaViolation                        well-formed but not valid against the XBau XSD
├── UnexpectedMessage                      valid, but not the message type the caller expects
├── RefusedTestMessage                     test="true" while test traffic is not accepted
└── WrongReader                            addressed (leser) to another authority
OutgoingMessageInvalid (InvalidInput)      what we built is not schema-valid (bad input data)
"""

from __future__ import annotations

from dataclasses import dataclass

from permits.errors import InvalidInput, PermitsError


@dataclass(frozen=True)
class SchemaError:
    """One libxml2 schema error: where it is and what it says (English, from libxml2)."""

    line: int
    message: str
    path: str | None = None

    def __str__(self) -> str:
        where = f"Zeile {self.line}"
        if self.path:
            where = f"{where}, Element {self.path}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "path": self.path, "message": self.message}


class XBauSchemaUnavailable(PermitsError):
    # A configuration fault on our side, not the sender's: 503 tells the portal to retry later.
    status = 503
    code = "xbau_schema_unavailable"
    title = "XBau-Schemata nicht verfügbar"


class XmlRefused(InvalidInput):
    code = "xml_refused"
    title = "XML-Nachricht abgelehnt"


class XmlTooLarge(XmlRefused):
    code = "xml_too_large"


class HostileXml(XmlRefused):
    code = "xml_hostile"


class MalformedXml(XmlRefused):
    code = "xml_malformed"


class SchemaViolation(XmlRefused):
    code = "xbau_schema_violation"

    def __init__(self, message: str, schema_errors: list[SchemaError]) -> None:
        super().__init__(
            message,
            field_errors={"xml": [str(e) for e in schema_errors]},
            schema_errors=[e.to_dict() for e in schema_errors],
        )
        self.schema_errors = schema_errors


class UnexpectedMessage(XmlRefused):
    code = "xbau_unexpected_message"


class RefusedTestMessage(XmlRefused):
    """A message marked test="true" while this installation does not accept test traffic."""

    code = "xbau_test_message"
    title = "XBau-Testnachricht abgelehnt"


class WrongReader(XmlRefused):
    """The nachrichtenkopf names another authority as the reader (leser)."""

    code = "xbau_wrong_reader"
    title = "Nachricht an eine andere Behörde"


class OutgoingMessageInvalid(InvalidInput):
    """The data handed to an emitter does not fit the XBau schema (e.g. characters outside DIN 91379)."""

    code = "xbau_outgoing_invalid"
    title = "XBau-Nachricht kann nicht erzeugt werden"

    def __init__(self, message: str, schema_errors: list[SchemaError]) -> None:
        super().__init__(message, field_errors={"xml": [str(e) for e in schema_errors]})
        self.schema_errors = schema_errors
