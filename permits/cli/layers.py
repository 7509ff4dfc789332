"""`permits layers …`: import and list development plans and constraint layers (admin commands)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from permits.errors import PermitsError
from permits.geometry import LAYER_KINDS, InvalidGeometry
from permits.services.layers import import_layer, list_layers

layers_cli = AppGroup("layers", help="Bebauungspläne und Schutzgebietsebenen verwalten.")


@layers_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", required=True, type=click.Choice(LAYER_KINDS), help="Art der Ebene.")
@click.option("--name", required=True, help="Eindeutiger Name; ein erneuter Import ersetzt die Ebene.")
@click.option("--crs", default=None, help="Koordinatenreferenzsystem, falls die Datei keines angibt.")
@click.option("--buffer", "buffer_m", type=float, default=None, help="Abstandszone in Metern (z. B. 40).")
def import_command(file: Path, kind: str, name: str, crs: str | None, buffer_m: float | None) -> None:
    """Eine GeoJSON-Datei als Ebene importieren."""
    try:
        collection = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"Die Datei ist kein gültiges JSON: {exc}") from exc
    try:
        layer = import_layer(name, kind, collection, crs=crs, buffer_m=buffer_m, source=file.name)
    except InvalidGeometry as exc:
        details = "\n".join(f"  {p.path}: {p.message} [{p.code}]" for p in exc.problems)
        raise click.ClickException(f"Import abgebrochen, nichts geändert.\n{details}") from exc
    except PermitsError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"Ebene „{layer.name}“ ({layer.kind}) importiert: {layer.feature_count} Objekte, "
        f"Revision {layer.revision}."
    )


@layers_cli.command("list")
def list_command() -> None:
    """Alle Ebenen auflisten."""
    layers = list_layers()
    if not layers:
        click.echo("Keine Ebenen importiert.")
        return
    for layer in layers:
        click.echo(
            f"{layer.name}\t{layer.kind}\tRevision {layer.revision}\t{layer.feature_count} Objekte\t"
            f"importiert {layer.imported_at:%Y-%m-%d %H:%M} UTC"
        )
