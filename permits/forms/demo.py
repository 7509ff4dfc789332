"""Forms of the demo procedure (processes/demo_verfahren.bpmn)."""

from permits.forms.base import Choice, Field, Form, register

register(
    Form(
        "demo_completeness",
        "Vollständigkeit prüfen",
        (
            Field("complete", "Die Unterlagen sind vollständig", kind="boolean", required=False),
            Field("findings", "Fehlende oder mangelhafte Unterlagen", kind="textarea", required=False),
        ),
    )
)
register(
    Form(
        "demo_resubmission",
        "Unterlagen nachreichen",
        (Field("resubmission_note", "Erläuterung zu den nachgereichten Unterlagen", kind="textarea"),),
    )
)
register(
    Form(
        "demo_statement",
        "Stellungnahme abgeben",
        (
            Field(
                "verdict",
                "Votum",
                kind="choice",
                choices=(
                    Choice("consent", "Zustimmung"),
                    Choice("consent_with_conditions", "Zustimmung mit Nebenbestimmungen"),
                    Choice("objection", "Ablehnung"),
                ),
            ),
            Field("statement_text", "Begründung", kind="textarea", required=False),
        ),
    )
)
register(
    Form(
        "demo_decision",
        "Entscheiden",
        (
            Field("approved", "Das Vorhaben wird genehmigt", kind="boolean", required=False),
            Field("reasons", "Begründung", kind="textarea"),
        ),
    )
)
