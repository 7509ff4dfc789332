"""Forms of the permit procedures (processes/baugenehmigung.bpmn, vereinfachtes_verfahren.bpmn and the
call activities they share)."""

from collections.abc import Mapping
from typing import Any

from permits.codelists import GIVEN_VERDICTS, ProvisionType
from permits.forms.base import Choice, Field, Form, register, row_key

PROVISION_TYPES = tuple(Choice(t.value, t.label) for t in ProvisionType)
# Requested deviations (Abweichung, Ausnahme, Befreiung) the decision form can rule on, one slot each.
MAX_DEVIATIONS = 5
DEVIATION_RULINGS = (Choice("granted", "zugelassen / erteilt"), Choice("refused", "nicht zugelassen"))
# Agencies the officer can involve in addition to those the geometry check names (Authority.code).
AGENCY_CHOICES = (
    ("fire", "Brandschutzdienststelle beteiligen"),
    ("monument", "Untere Denkmalschutzbehörde beteiligen"),
    ("nature", "Untere Naturschutzbehörde beteiligen"),
    ("water", "Untere Wasserbehörde beteiligen"),
    ("roads", "Straßenbaubehörde beteiligen"),
)


def _filled(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _typed_condition(data: Mapping[str, Any], type_field: str, text_field: str) -> dict[str, list[str]]:
    """A condition names its kind (Auflage, Bedingung …): it is never guessed; a kind needs a text."""
    if _filled(data, text_field) and not _filled(data, type_field):
        return {type_field: ["Bitte die Art der Nebenbestimmung wählen."]}
    if _filled(data, type_field) and not _filled(data, text_field):
        return {text_field: ["Bitte den Text der Nebenbestimmung angeben."]}
    return {}


def completeness_outcome(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Either complete or at least one finding: an empty check would send a deficiency notice without
    content, and findings next to "complete" would be lost."""
    if data.get("complete") and _filled(data, "findings"):
        return {
            "findings": [
                "Vollständige Unterlagen haben keinen Befund: Befund leeren oder „vollständig“ abwählen."
            ]
        }
    if not data.get("complete") and not _filled(data, "findings"):
        return {
            "findings": [
                "Bitte die fehlenden oder mangelhaften Unterlagen nennen "
                "oder die Bauvorlagen als vollständig bestätigen."
            ]
        }
    return {}


def statement_condition(data: Mapping[str, Any]) -> dict[str, list[str]]:
    return _typed_condition(data, "condition_type", "condition_text")


def decision_provisions(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each Nebenbestimmung names its kind and has a text; a rejection has none."""
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(data.get("provisions") or []):
        for name, messages in _typed_condition(row, "type", "text").items():
            errors[row_key("provisions", index, name)] = messages
        if data.get("decision") == "rejection":
            errors.setdefault(row_key("provisions", index, "text"), []).append(
                "Eine Ablehnung hat keine Nebenbestimmungen."
            )
    return errors


def decision_deviations(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """Per requested deviation: a refusal is reasoned, and an approval with a refused one is confirmed
    (the project must then be built without it). A rejection decides no single deviations: ignored."""
    if data.get("decision") != "approval":
        return {}
    errors: dict[str, list[str]] = {}
    for number in range(1, MAX_DEVIATIONS + 1):
        ruling = data.get(f"deviation_{number}_ruling")
        if ruling == "refused" and not _filled(data, f"deviation_{number}_reasons"):
            errors[f"deviation_{number}_reasons"] = [
                "Bitte begründen, warum die Abweichung nicht zugelassen wird."
            ]
        if ruling is None and _filled(data, f"deviation_{number}_reasons"):
            errors[f"deviation_{number}_ruling"] = ["Bitte entscheiden: zugelassen oder nicht zugelassen."]
    refused = any(data.get(f"deviation_{n}_ruling") == "refused" for n in range(1, MAX_DEVIATIONS + 1))
    if refused and not data.get("deviations_refusal_accepted"):
        errors["deviations_refusal_accepted"] = [
            "Eine Genehmigung mit nicht zugelassener Abweichung bitte ausdrücklich bestätigen: "
            "Das Vorhaben ist dann ohne diese Abweichung auszuführen."
        ]
    return errors


def sign_off_return_reason(data: Mapping[str, Any]) -> dict[str, list[str]]:
    if not data.get("sign_off_approved") and not _filled(data, "sign_off_comment"):
        return {"sign_off_comment": ["Bei einer Rückgabe bitte angeben, was zu ändern ist."]}
    return {}


def _statement_fields(*, extension: bool) -> tuple[Field, ...]:
    verdicts = tuple(Choice(v.value, v.label) for v in GIVEN_VERDICTS)
    if extension:
        verdicts += (Choice("extension_requested", "Fristverlängerung beantragen"),)
    return (
        Field("statement_verdict", "Votum", kind="choice", choices=verdicts),
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
    )


def _deviation_fields(number: int) -> tuple[Field, ...]:
    """Slot `number` decides the case's requested deviation with that number (as listed on the task page,
    in the order of the application); compile_decision matches them and insists on one per request."""
    return (
        Field(
            f"deviation_{number}_ruling",
            f"Beantragte Abweichung Nr. {number}: Entscheidung",
            kind="choice",
            required=False,
            choices=DEVIATION_RULINGS,
        ),
        Field(
            f"deviation_{number}_reasons",
            f"Beantragte Abweichung Nr. {number}: Begründung (Pflicht, wenn nicht zugelassen)",
            kind="textarea",
            required=False,
        ),
    )


# The decision's Nebenbestimmungen: the agencies' conditions merged once, edited, plus the officer's own.
PROVISION_ROW = (
    Field("type", "Art", kind="choice", required=False, choices=PROVISION_TYPES),
    Field("legal_area", "Rechtsbereich", required=False, max_length=200),
    Field("text", "Text", kind="textarea", required=False, max_length=5000),
    # Where the condition came from (the agencies' names), kept with it for the sign-off and the file.
    Field("source", "Herkunft", required=False, max_length=500),
)
MAX_PROVISIONS = 60
# Approving despite a failed check or an agency's objection: one reason per finding, keyed by the finding.
OVERRIDE_ROW = (
    Field("item", "Befund", required=False, max_length=300),
    Field("reason", "Begründung der Abweichung", kind="textarea", required=False, max_length=5000),
)
MAX_OVERRIDES = 40


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
        checks=(completeness_outcome,),
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
        _statement_fields(extension=True),
        description="Ohne Stellungnahme bis zum Fristende gilt die Zustimmung als erteilt.",
        checks=(statement_condition,),
    )
)
register(
    Form(
        "procedure_statement_pending",
        "Stellungnahme abgeben",
        _statement_fields(extension=False),
        description="Über Ihren Antrag auf Fristverlängerung ist noch nicht entschieden. Sie können "
        "trotzdem jetzt Stellung nehmen; der Antrag ist damit erledigt. Ohne Stellungnahme bis zum "
        "Fristende gilt die Zustimmung als erteilt.",
        checks=(statement_condition,),
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
                help="Vor einer Ablehnung wird die Antragstellerin angehört (§ 28 VwVfG): Ist das noch "
                "nicht geschehen, geht der Entwurf zuerst in die Anhörung.",
            ),
            Field("decision_reasons", "Begründung", kind="textarea"),
            Field(
                "provisions",
                "Nebenbestimmungen",
                kind="rows",
                required=False,
                row_fields=PROVISION_ROW,
                max_rows=MAX_PROVISIONS,
            ),
            Field(
                "overrides",
                "Begründung für die Genehmigung trotz Befund",
                kind="rows",
                required=False,
                row_fields=OVERRIDE_ROW,
                max_rows=MAX_OVERRIDES,
            ),
            *(field for number in range(1, MAX_DEVIATIONS + 1) for field in _deviation_fields(number)),
            Field(
                "deviations_refusal_accepted",
                "Genehmigung trotz nicht zugelassener Abweichung: Das Vorhaben ist ohne sie auszuführen",
                kind="boolean",
                required=False,
            ),
        ),
        checks=(decision_provisions, decision_deviations),
        prefill_from_previous=True,
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
        checks=(sign_off_return_reason,),
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
