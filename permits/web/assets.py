"""Browser libraries from npm (`node_modules/`, installed by `make assets`), served by the app itself.

They are never committed and never loaded from a CDN: the Content-Security-Policy allows scripts and styles
from this origin only. Only the files a page needs are reachable: each package names the folders served.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, send_from_directory
from werkzeug.wrappers import Response

from permits.config import PROJECT_ROOT

bp = Blueprint("assets", __name__)

NODE_MODULES = Path(PROJECT_ROOT) / "node_modules"
# package -> what of it the pages may load: folders (ending in "/") or single files; built bundles and their
# CSS and fonts only, never the package's sources or metadata
SERVED = {
    "ol": ("dist/", "ol.css"),
    "bpmn-js": ("dist/",),
}
SERVED_SUFFIXES = (".js", ".css", ".map", ".woff", ".woff2", ".ttf", ".eot", ".svg")
ONE_DAY = 24 * 60 * 60


@bp.get("/assets/vendor/<package>/<path:filename>")
def vendor(package: str, filename: str) -> Response:
    allowed = SERVED.get(package, ())
    if not filename.endswith(SERVED_SUFFIXES) or not any(
        filename.startswith(entry) if entry.endswith("/") else filename == entry for entry in allowed
    ):
        abort(404)
    # send_from_directory refuses paths that leave the package folder ("..", absolute paths).
    return send_from_directory(NODE_MODULES / package, filename, max_age=ONE_DAY)
