"""Forms of the permit procedures (processes/baugenehmigung.bpmn, vereinfachtes_verfahren.bpmn and the
call activities they share)."""

from permits.codelists import GIVEN_VERDICTS, ProvisionType
from permits.forms.base import Choice, Field, Form, register

PROVISION_TYPES = tuple(Choice(t.value, t.label) for t in ProvisionType)
# Agencies the officer can involve in addition to those the geometry check names (Authority.code).
AGENCY_CHOICES = (
    ("fire", "Brandschutzdienststelle beteiligen"),
    ("monument", "Untere Denkmalschutzbehörde beteiligen"),
    ("nature", "Untere Naturschutzbehörde beteiligen"),
    ("water", "Untere Wasserbehörde beteiligen"),
    ("roads", "Straßenbaubehörde beteiligen"),
)


def _provision_fields(number: int) -> tuple[Field, ...]:
    return (
        Field(
            f"provision_{number}_type",
            f"Nebenbestimmung {number}: Art",
            kind="choice",
            required=False,
            choices=PROVISION_TYPES,
        ),
        Field(
            f"provision_{number}_legal_area",
            f"Nebenbestimmung {number}: Rechtsbereich",
            required=False,
            max_length=200,
        ),
        Field(f"provision_{number}_text", f"Nebenbestimmung {number}: Text", kind="textarea", required=False),
    )


register(
    Form(
        "procedure_completeness",
        "Vollständigkeit prüfen",
        (
            Field("complete", "Die Bauvorlagen sind vollständig", kind="boolean", required=False),
            Field(
                "findings", "Fehlende oder mangelhafte Unterlagen (Befund)", kind="textarea", required=False
            ),
            Field(
                "deficiency_weeks",
                "Frist für die Nachreichung (Wochen)",
                kind="integer",
                required=False,
                minimum=1,
                maximum=12,
                help="Ohne Angabe 4 Wochen.",
            ),
            *(
                Field(f"involve_{code}", label, kind="boolean", required=False)
                for code, label in AGENCY_CHOICES
            ),
        ),
        description="Formelle Prüfung der Bauvorlagen (NBauVorlVO). Bei Mängeln wird eine Nachforderung "
        "mit Frist "
        "versandt; ohne Nachreichung gilt der Antrag drei Wochen nach Fristablauf als zurückgenommen.",
    )
)
register(
    Form(
        "procedure_resubmission",
        "Unterlagen nachreichen",
        (Field("resubmission_note", "Erläuterung zu den nachgereichten Unterlagen", kind="textarea"),),
    )
)
register(
    Form(
        "procedure_statement",
        "Stellungnahme abgeben",
        (
            Field(
                "statement_verdict",
                "Votum",
                kind="choice",
                choices=(
                    *(Choice(v.value, v.label) for v in GIVEN_VERDICTS),
                    Choice("extension_requested", "Fristverlängerung beantragen"),
                ),
            ),
            Field("legal_area", "Rechtsbereich", required=False, max_length=200),
            Field(
                "condition_type",
                "Art der Nebenbestimmung",
                kind="choice",
                required=False,
                choices=PROVISION_TYPES,
            ),
            Field("condition_text", "Nebenbestimmung (Text)", kind="textarea", required=False),
            Field("statement_text", "Begründung", kind="textarea", required=False),
        ),
        description="Ohne Stellungnahme bis zum Fristende gilt die Zustimmung als erteilt.",
    )
)
register(
    Form(
        "procedure_extension_decision",
        "Über Fristverlängerung entscheiden",
        (
            Field("grant_extension", "Fristverlängerung gewähren", kind="boolean", required=False),
            Field(
                "extension_weeks",
                "Verlängerung um (Wochen)",
                kind="integer",
                required=False,
                minimum=1,
                maximum=8,
            ),
            Field("extension_reason", "Begründung", kind="textarea"),
        ),
    )
)
register(
    Form(
        "procedure_municipal_consent",
        "Gemeindliches Einvernehmen (§ 36 BauGB)",
        (
            Field("consent_granted", "Das Einvernehmen wird erteilt", kind="boolean", required=False),
            Field("consent_reasons", "Begründung", kind="textarea", required=False),
        ),
        description="Ohne Erklärung innerhalb von zwei Monaten gilt das Einvernehmen als erteilt.",
    )
)
register(
    Form(
        "procedure_substantive_review",
        "Fachliche Prüfung",
        (
            Field(
                "intended_decision",
                "Beabsichtigte Entscheidung",
                kind="choice",
                choices=(
                    Choice("approval", "Genehmigung"),
                    Choice("rejection", "Ablehnung (mit Anhörung)"),
                ),
            ),
            Field("review_notes", "Prüfvermerk / Gründe", kind="textarea", required=False),
            Field(
                "construction_value_checked",
                "Geprüfter Rohbauwert (Euro)",
                kind="decimal",
                required=False,
                minimum=0,
            ),
            Field(
                "hearing_weeks",
                "Frist für die Anhörung (Wochen)",
                kind="integer",
                required=False,
                minimum=1,
                maximum=8,
            ),
        ),
    )
)
register(
    Form(
        "procedure_hearing_reply",
        "Stellungnahme zur Anhörung",
        (Field("hearing_reply", "Ihre Stellungnahme", kind="textarea"),),
    )
)
register(
    Form(
        "procedure_decision",
        "Bescheid entwerfen",
        (
            Field(
                "decision",
                "Entscheidung",
                kind="choice",
                choices=(
                    Choice("approval", "Baugenehmigung"),
                    Choice("rejection", "Ablehnung"),
                ),
            ),
            Field("decision_reasons", "Begründung", kind="textarea"),
            *_provision_fields(1),
            *_provision_fields(2),
            *_provision_fields(3),
        ),
    )
)
register(
    Form(
        "procedure_sign_off",
        "Bescheid freigeben",
        (
            Field("sign_off_approved", "Entwurf freigeben", kind="boolean", required=False),
            Field("sign_off_comment", "Anmerkung (bei Rückgabe Pflicht)", kind="textarea", required=False),
        ),
        description="Vier-Augen-Prinzip: Die Freigabe erteilt eine andere Person als die, "
        "die den Bescheid entworfen hat.",
    )
)
register(
    Form(
        "procedure_fiction_extension",
        "Fiktionsfrist verlängern",
        (
            Field(
                "fiction_extension_months", "Verlängerung um (Monate)", kind="integer", minimum=1, maximum=3
            ),
            Field(
                "fiction_extension_reason",
                "Begründung (wird der Antragstellerin mitgeteilt)",
                kind="textarea",
            ),
        ),
        description="§ 70a NBauO / § 42a Abs. 2 VwVfG: einmalige, begründete Verlängerung vor Fristablauf.",
    )
)
