"""Input errors of the geometry checks: German messages for people, problem codes for machines."""

from __future__ import annotations

from dataclasses import dataclass

from permits.errors import InvalidInput


@dataclass(frozen=True)
class GeometryProblem:
    """One rejected feature: where (JSON-pointer-like path), what (code) and the German explanation."""

    path: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


class InvalidGeometry(InvalidInput):
    """Raised before anything is computed or stored; carries every problem found, one per feature."""

    code = "invalid_geometry"
    title = "Ungültige Geometrie"

    def __init__(self, problems: list[GeometryProblem]) -> None:
        if not problems:
            raise ValueError("InvalidGeometry needs at least one problem")
        field_errors: dict[str, list[str]] = {}
        for problem in problems:
            field_errors.setdefault(problem.path, []).append(problem.message)
        message = (
            problems[0].message
            if len(problems) == 1
            else f"Die Eingabe enthält {len(problems)} Fehler in den Geometrien."
        )
        super().__init__(message, field_errors=field_errors, problems=[p.to_dict() for p in problems])
        self.problems = tuple(problems)

    @property
    def codes(self) -> dict[str, str]:
        """Path → problem code, for callers that branch on the kind of error."""
        return {p.path: p.code for p in self.problems}
