"""The wizard's steps in order: the only list of them (slug, German title, the page's endpoint).

A step whose endpoint is not registered in this app (e.g. the map step while it is built elsewhere) is shown
as plain text in the step navigation and skipped when looking for the next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    endpoint: str = "portal.step"

    @property
    def available(self) -> bool:
        return self.endpoint in current_app.view_functions

    def url(self, public_id: str) -> str:
        if self.endpoint == "portal.step":
            return url_for(self.endpoint, public_id=public_id, schritt=self.slug)
        return url_for(self.endpoint, public_id=public_id)


STEPS = (
    Step("verfahren", "Verfahren"),
    Step("bauherr", "Bauherrschaft"),
    Step("entwurfsverfasser", "Entwurfsverfasser/in"),
    Step("beteiligte", "Weitere Beteiligte"),
    Step("grundstueck", "Baugrundstück"),
    Step("vorhaben", "Vorhaben"),
    Step("lage", "Lage und Baukörper", "portal_geometry.geometry_step"),
    Step("unterlagen", "Bauvorlagen"),
    Step("zusammenfassung", "Zusammenfassung und Einreichung"),
)
BY_SLUG = {s.slug: s for s in STEPS}


def available_steps() -> list[Step]:
    return [s for s in STEPS if s.available]


def next_step(slug: str) -> Step | None:
    steps = available_steps()
    slugs = [s.slug for s in steps]
    index = slugs.index(slug) if slug in slugs else -1
    return steps[index + 1] if index + 1 < len(steps) else None
