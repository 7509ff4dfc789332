"""Which building documents (Bauvorlagen) an application needs, per procedure: the only table of them.

The application wizard shows this as the checklist of the step "Unterlagen" and the submission rules
(`permits.services.application_steps`) refuse a portal submission while an entry is missing. To change what a
procedure needs, change its entry here; nothing else lists required documents.

The entries follow the Niedersächsische Bauvorlagenverordnung (NBauVorlVO) as far as the domain brief states
it (it only says "NBauVorlVO lists the required documents"): **[verify]** every entry against §§ 2-9
NBauVorlVO before an authority relies on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from permits.codelists import DocumentType


@dataclass(frozen=True)
class DocumentRequirement:
    """One checklist item: the XBau `anlagen` code, why it is needed, and when (always or on a condition)."""

    document_type: DocumentType
    hint: str
    # None: always; "deviations": only when deviations or exemptions are requested.
    condition: str | None = None
    verify: str | None = None  # what to confirm against the statute before relying on the entry

    @property
    def code(self) -> str:
        return self.document_type.value

    @property
    def label(self) -> str:
        return self.document_type.label


_COMMON = (
    DocumentRequirement(
        DocumentType.SITE_PLAN,
        "Lageplan mit Auszug aus der Liegenschaftskarte, Maßstab mindestens 1:500.",
        verify="§ 2 NBauVorlVO [verify]",
    ),
    DocumentRequirement(
        DocumentType.BUILDING_DESCRIPTION,
        "Beschreibung des Vorhabens, seiner Nutzung und der Baustoffe.",
        verify="§ 3 NBauVorlVO [verify]",
    ),
    DocumentRequirement(DocumentType.FLOOR_PLANS, "Grundrisse aller Geschosse, Maßstab 1:100."),
    DocumentRequirement(DocumentType.SECTIONS, "Schnitte mit Höhenangaben, Maßstab 1:100."),
    DocumentRequirement(DocumentType.ELEVATIONS, "Ansichten aller Seiten mit dem Geländeverlauf."),
    DocumentRequirement(
        DocumentType.DESIGNER_ENTITLEMENT,
        "Nachweis, dass Sie bauvorlageberechtigt sind (§ 53 NBauO), z. B. Kammerbescheinigung.",
        verify="whether NI asks for the proof with every application [verify]",
    ),
    DocumentRequirement(
        DocumentType.DEVIATION_REASONS,
        "Begründung der beantragten Abweichungen, Ausnahmen und Befreiungen.",
        condition="deviations",
    ),
)

# procedure (ProcedureType value) -> its checklist, in the order the wizard shows it.
REQUIRED_DOCUMENTS: dict[str, tuple[DocumentRequirement, ...]] = {
    # § 63 NBauO: planning law, setbacks, parking and other public law only; the technical proofs are not
    # checked, so not required with the application [verify NBauVorlVO].
    "simplified": _COMMON,
    # § 64 NBauO: the full check, so the technical proofs come with the application [verify NBauVorlVO].
    "full": (
        *_COMMON,
        DocumentRequirement(
            DocumentType.FIRE_SAFETY, "Brandschutznachweis.", verify="§ 65 NBauO, NBauVorlVO [verify]"
        ),
        DocumentRequirement(
            DocumentType.STRUCTURAL_SAFETY, "Standsicherheitsnachweis.", verify="§ 65 NBauO [verify]"
        ),
    ),
}


def required_documents(procedure: str, *, deviations_requested: bool) -> tuple[DocumentRequirement, ...]:
    """The checklist for a procedure; conditional entries only when their condition holds."""
    entries = REQUIRED_DOCUMENTS.get(procedure, ())
    return tuple(
        e for e in entries if e.condition is None or (e.condition == "deviations" and deviations_requested)
    )
