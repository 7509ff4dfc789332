"""Inspection of uploaded PDFs before they are stored and opened by officers and agencies.

A building document is opened in officers' PDF viewers and browsers, so a file that carries active content,
or is something else dressed up as a PDF, is refused. The rules, and why:

- **Header at byte 0.** The file starts with `%PDF-1.x` or `%PDF-2.x`. PDF writers never put anything in
  front of it; a preamble is how HTML/PDF polyglots are made (readers tolerate up to 1 KB of it).
- **No HTML.** No `<html`, `<script`, `<body`, `<iframe`, `<object`, `<embed`, `<svg`, `<!doctype html` or
  `javascript:` anywhere in the file (case-insensitive): a browser sniffing the file as HTML would run it.
  Compressed data holds such a byte sequence only by rare chance.
- **No active content.** Refused are JavaScript (`/JS`, `/JavaScript`, `javascript:` URIs, also in
  `/OpenAction` and `/AA` additional actions), `/Launch`, embedded files (`/EmbeddedFile(s)`),
  `/RichMedia`, XFA forms (`/XFA`) and actions that reach out of the document (`/GoToR`, `/GoToE`,
  `/SubmitForm`, `/ImportData`). Building documents need none of them.
  They are looked for twice: pypdf reads every object of the file (objects inside compressed object
  streams too), and a scan of the raw bytes outside stream data (names with `#xx` escapes decoded) finds
  objects that pypdf did not reach but a viewer repairing a broken file would.
- **A file pypdf cannot open** is accepted only if the raw scan saw all of it: no object streams and no
  encryption, so every dictionary is plain text in the file; then the whole file, stream data included,
  is scanned.
- **Encrypted with a password** is refused: it cannot be inspected, and officers could not read it either.

Pure: bytes in, `InspectedPdf` out or `UnsafeDocument` (German message) raised.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF_MEDIA_TYPE = "application/pdf"

_HEADER = re.compile(rb"%PDF-[12]\.\d")
_HTML = re.compile(
    rb"<(?:html|script|body|iframe|object|embed|svg|!doctype\s+html)[\s>/]|javascript:", re.IGNORECASE
)
# Stream data between `stream` and `endstream` (not the "stream" inside "endstream").
_STREAM_DATA = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r).*?endstream", re.DOTALL)
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}\x00]+)")
_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")

ACTIVE_CONTENT = {
    "JS": "JavaScript",
    "JavaScript": "JavaScript",
    "Launch": "eine Aktion, die Programme startet (/Launch)",
    "EmbeddedFile": "eingebettete Dateien",
    "EmbeddedFiles": "eingebettete Dateien",
    "RichMedia": "eingebettete Multimedia-Inhalte (/RichMedia)",
    "XFA": "ein XFA-Formular",
    "GoToR": "einen Verweis auf eine fremde Datei (/GoToR)",
    "GoToE": "einen Verweis in eine eingebettete Datei (/GoToE)",
    "SubmitForm": "ein Formular, das Daten versendet (/SubmitForm)",
    "ImportData": "eine Aktion, die Daten nachlädt (/ImportData)",
}
# Objects pypdf may visit before the file is considered too complex to inspect.
MAX_NODES = 2_000_000


class UnsafeDocument(Exception):
    """The upload is refused. `message` is German and goes next to the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class InspectedPdf:
    media_type: str
    version: str  # "1.7"


def _refuse_active(name: str) -> None:
    raise UnsafeDocument(
        f"Die PDF-Datei enthält {ACTIVE_CONTENT[name]}. Bitte eine PDF-Datei ohne aktive Inhalte hochladen "
        "(z. B. als PDF/A speichern oder „Drucken als PDF“)."
    )


def _names(data: bytes) -> Iterator[str]:
    for match in _NAME.finditer(data):
        raw = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        yield raw.decode("latin-1")


def _scan_raw(data: bytes) -> None:
    for name in _names(data):
        if name in ACTIVE_CONTENT:
            _refuse_active(name)


def _open(content: bytes) -> PdfReader | None:
    """pypdf's view of the file; None if pypdf cannot make sense of it."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return None
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))  # an owner password alone still lets everyone read
        except Exception:
            opened = False
        if not opened:
            raise UnsafeDocument("Die PDF-Datei ist kennwortgeschützt. Bitte ohne Kennwort hochladen.")
    try:
        reader.trailer["/Root"]
    except Exception:
        return None
    return reader


def _object_ids(reader: PdfReader) -> Iterable[tuple[int, int]]:
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


def _roots(reader: PdfReader) -> Iterator[Any]:
    yield reader.trailer
    for number, generation in _object_ids(reader):
        try:
            yield reader.get_object(IndirectObject(number, generation, reader))
        except Exception:  # a damaged object: the raw scan covers what is readable of it
            continue


def _check_value(key: str | None, value: Any) -> None:
    if isinstance(value, NameObject) and value[1:] in ACTIVE_CONTENT:
        _refuse_active(value[1:])
    if key == "/URI" and isinstance(value, str) and value.strip().lower().startswith("javascript:"):
        _refuse_active("JavaScript")


def _walk(reader: PdfReader) -> None:
    """Every name in every object (keys and values), iteratively; references are not followed, since every
    object is visited on its own."""
    stack: list[tuple[str | None, Any]] = [(None, root) for root in _roots(reader)]
    visited = 0
    while stack:
        key, node = stack.pop()
        visited += 1
        if visited > MAX_NODES:
            raise UnsafeDocument("Die PDF-Datei ist zu umfangreich, um sie zu prüfen.")
        _check_value(key, node)
        if isinstance(node, DictionaryObject):  # streams are dictionaries too; their data is not read
            for child_key, child in node.items():
                if str(child_key)[1:] in ACTIVE_CONTENT:
                    _refuse_active(str(child_key)[1:])
                stack.append((str(child_key), child))
        elif isinstance(node, ArrayObject):
            stack.extend((None, child) for child in node)


def inspect_pdf(content: bytes) -> InspectedPdf:
    """Check an upload; returns the checked media type and version or raises UnsafeDocument."""
    header = _HEADER.match(content)
    if header is None:
        raise UnsafeDocument("Nur PDF-Dateien sind zulässig.")  # the header is not at byte 0
    if _HTML.search(content):
        raise UnsafeDocument("Die Datei enthält HTML oder Skript und ist keine reine PDF-Datei.")
    reader = _open(content)
    if reader is None:
        # Only what the raw scan can see completely: no object streams, no encryption.
        if any(name in ("ObjStm", "Encrypt") for name in _names(content)):
            raise UnsafeDocument("Die PDF-Datei ist beschädigt und kann nicht geprüft werden.")
        _scan_raw(content)
    else:
        _scan_raw(_STREAM_DATA.sub(b"stream endstream", content))
        _walk(reader)
    return InspectedPdf(PDF_MEDIA_TYPE, header.group()[5:].decode())
