"""Read untrusted XML safely: size limit, no DTD, no entities, no network, then XBau schema validation.

Two layers, because each alone has gaps: an expat scan of the prolog refuses any DOCTYPE before lxml
sees the document (so nothing is ever declared, let alone expanded), and the lxml parser itself is
configured never to resolve entities, load DTDs or touch the network — should the scan be skipped (an
encoding expat does not know), a DOCTYPE found after parsing is still refused.
"""

from __future__ import annotations

import logging
import xml.parsers.expat
from pathlib import Path

from lxml import etree

from permits.xbau.errors import HostileXml, MalformedXml, SchemaViolation, UnexpectedMessage, XmlTooLarge
from permits.xbau.schemas import validation_errors

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 10 * 1024 * 1024  # attachments travel separately (XTA); metadata-only XML is small
MAX_REPORTED_ERRORS = 5
_DTD_REFUSED = (
    "Die XML-Nachricht enthält eine Dokumenttyp-Deklaration (DTD) oder Entitäten. Das ist in "
    "XBau-Nachrichten nicht zulässig; die Nachricht wurde aus Sicherheitsgründen abgelehnt."
)


class _Doctype(Exception):
    pass


class _PrologDone(Exception):
    pass


def _scan_prolog(data: bytes) -> None:
    """Raise HostileXml if a DOCTYPE or entity declaration precedes the root element; stop at the root."""
    scanner = xml.parsers.expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise _Doctype

    def root(*_: object) -> None:
        raise _PrologDone  # a DOCTYPE may only come before the root element: nothing more to scan

    scanner.StartDoctypeDeclHandler = doctype
    scanner.EntityDeclHandler = doctype
    scanner.StartElementHandler = root
    try:
        scanner.Parse(data, True)
    except _Doctype:
        log.warning("refused XML message with a DOCTYPE/entity declaration (%d bytes)", len(data))
        raise HostileXml(_DTD_REFUSED) from None
    except (_PrologDone, xml.parsers.expat.ExpatError):
        # Syntax errors and unknown encodings are for lxml to report; it is configured safely too.
        return


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's depth and text-size limits
        remove_blank_text=False,
        collect_ids=False,
    )


def parse_xml(data: bytes, max_bytes: int = MAX_MESSAGE_BYTES) -> etree._Element:
    """Parse untrusted bytes into an lxml root element, or raise an XmlRefused subclass."""
    if not isinstance(data, bytes | bytearray):
        raise TypeError("parse_xml expects bytes; decoding is the XML declaration's business")
    if len(data) > max_bytes:
        log.warning("refused XML message of %d bytes (limit %d)", len(data), max_bytes)
        raise XmlTooLarge(
            f"Die XML-Nachricht ist zu groß ({len(data) / 1_048_576:.1f} MB; "
            f"zulässig sind höchstens {max_bytes / 1_048_576:.0f} MB)."
        )
    if not data.strip():
        raise MalformedXml("Die XML-Nachricht ist leer.")
    _scan_prolog(bytes(data))
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc).lower():
            log.warning("refused XML message: %s", exc)
            raise HostileXml(_DTD_REFUSED) from None
        raise MalformedXml(f"Die XML-Nachricht ist nicht wohlgeformt: {exc.msg}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        log.warning("refused XML message with a DOCTYPE that passed the prolog scan")
        raise HostileXml(_DTD_REFUSED)
    return root


def parse_message(
    data: bytes,
    expected_root: str | None = None,
    schema_dir: str | Path | None = None,
    max_bytes: int = MAX_MESSAGE_BYTES,
) -> etree._Element:
    """Safely parse and schema-validate an XBau message; optionally insist on its root element name."""
    root = parse_xml(data, max_bytes)
    local = etree.QName(root).localname
    if expected_root is not None and local != expected_root:
        raise UnexpectedMessage(
            f"Erwartet wurde die XBau-Nachricht „{expected_root}“, erhalten wurde „{local}“."
        )
    errors = validation_errors(root, schema_dir)
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = f" (und {len(errors) - len(shown)} weitere)" if len(errors) > len(shown) else ""
        log.info("refused schema-invalid XBau message %s: %s", local, "; ".join(map(str, shown)))
        raise SchemaViolation(
            f"Die Nachricht „{local}“ entspricht nicht dem XBau-2.6-Schema: "
            + "; ".join(str(e) for e in shown)
            + more,
            shown,
        )
    return root
