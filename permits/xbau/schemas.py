"""Locate the official XBau 2.6 schema set and keep one compiled lxml schema per entry file per process.

The schemas are CC BY-ND and not part of this repository: an authority installs the official `xsd_dev`
bundle and points `XBAU_SCHEMA_DIR` (env `PERMITS_XBAU_SCHEMA_DIR`) at it. lxml compiles an entry
schema in ~20 ms and validates a message in well under a millisecond, so we do not use xmlschema
(2 s per schema) at all: parsing and building work directly on lxml trees.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, has_app_context
from lxml import etree

from permits.xbau.codes import KERN_NS, XBAU_NS
from permits.xbau.errors import SchemaError, UnexpectedMessage, XBauSchemaUnavailable

log = logging.getLogger(__name__)

CONFIG_KEY = "XBAU_SCHEMA_DIR"
KERN_PROCESS_SCHEMA = "xbau-kernmodul-prozessnachrichten.xsd"
HOCHBAU_PROCESS_SCHEMA = "xbau-bauordnungsrechtlicheProzessnachrichten.xsd"
# Root element local names look like "<family>.<name>.<code>"; the family picks the entry schema.
_FAMILY = re.compile(r"^[A-Za-z]+$")
_UNAVAILABLE = (
    "Die XBau-Schemata sind auf diesem Server nicht eingerichtet; XBau-Nachrichten können derzeit "
    "nicht verarbeitet werden. Bitte wenden Sie sich an den Betrieb."
)


@dataclass
class LoadedSchema:
    path: Path
    schema: etree.XMLSchema
    # libxml2 keeps the error log on the schema object, so concurrent validations must not interleave.
    lock: threading.Lock = field(default_factory=threading.Lock)

    def errors(self, document: etree._ElementTree | etree._Element) -> list[SchemaError]:
        with self.lock:
            if self.schema.validate(document):
                return []
            return [SchemaError(e.line, _shorten(e.message), e.path) for e in self.schema.error_log]


# libxml2 quotes the whole DIN 91379 character-class pattern (~2 kB) in every pattern error.
_PATTERN = re.compile(r"is not accepted by the pattern '.*'", re.DOTALL)


def _shorten(message: str) -> str:
    return _PATTERN.sub("is not accepted by the pattern (e.g. DIN 91379 character set)", message)


_cache: dict[tuple[Path, str], LoadedSchema] = {}
_cache_lock = threading.Lock()


def schema_dir(explicit: str | Path | None = None) -> Path:
    """The configured schema folder: `explicit` if given, else the app config; checked to exist."""
    raw: str | Path | None = explicit
    if raw is None and has_app_context():
        raw = current_app.config.get(CONFIG_KEY)
    if not raw:
        log.error("XBau schema folder not configured: set %s (env PERMITS_%s)", CONFIG_KEY, CONFIG_KEY)
        raise XBauSchemaUnavailable(_UNAVAILABLE, reason="not_configured")
    path = Path(raw).expanduser()
    if not path.is_dir():
        log.error("XBau schema folder %s does not exist or is not a directory", path)
        raise XBauSchemaUnavailable(_UNAVAILABLE, reason="missing")
    return path.resolve()


def entry_file_for(namespace: str, local_name: str) -> str:
    """Entry schema file of a message root element: beteiligung.* -> xbau-nachrichten-beteiligung.xsd."""
    family = local_name.split(".", 1)[0]
    if not _FAMILY.match(family) or namespace not in (XBAU_NS, KERN_NS):
        raise UnexpectedMessage(f"„{local_name}“ ist keine unterstützte XBau-2.6-Nachricht.")
    if namespace == KERN_NS:
        return KERN_PROCESS_SCHEMA if family == "prozessnachrichten" else f"xbau-kernmodul-{family}.xsd"
    return HOCHBAU_PROCESS_SCHEMA if family == "prozessnachrichten" else f"xbau-nachrichten-{family}.xsd"


def load_schema(entry_file: str, directory: str | Path | None = None) -> LoadedSchema:
    """The compiled entry schema, built on first use and cached for the process."""
    folder = schema_dir(directory)
    key = (folder, entry_file)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    with _cache_lock:
        cached = _cache.get(key)
        if cached is None:
            cached = _compile(folder / entry_file)
            _cache[key] = cached
    return cached


def _compile(path: Path) -> LoadedSchema:
    if not path.is_file():
        log.error("XBau entry schema %s is missing from the schema folder", path)
        raise XBauSchemaUnavailable(_UNAVAILABLE, reason="missing_entry_schema", schema=path.name)
    # The schema set is trusted (installed by the operator), but it must never reach the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    try:
        schema = etree.XMLSchema(etree.parse(str(path), parser))
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
        log.error("XBau entry schema %s cannot be compiled: %s", path, exc)
        raise XBauSchemaUnavailable(_UNAVAILABLE, reason="broken_entry_schema", schema=path.name) from exc
    log.info("compiled XBau schema %s", path.name)
    return LoadedSchema(path=path, schema=schema)


def schema_for_root(root: etree._Element, directory: str | Path | None = None) -> LoadedSchema:
    qname = etree.QName(root)
    return load_schema(entry_file_for(qname.namespace or "", qname.localname), directory)


def validation_errors(root: etree._Element, directory: str | Path | None = None) -> list[SchemaError]:
    """Schema errors of a message (empty when valid), against the entry schema of its root element."""
    return schema_for_root(root, directory).errors(root)
