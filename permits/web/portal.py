"""Architect portal pages: "Meine Anträge" and the application wizard (one topic per page, saved per step).

The pages are thin: the rules of each step, the document checklist and the sign-off live in the services
(`application_steps`, `permits.documents.requirements`, `signoffs`); the step list is `portal_steps.STEPS`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from permits.codelists import DeviationType, MeasureType, PartyRole, ProcedureType
from permits.errors import InvalidInput
from permits.models import Application, ApplicationStatus, Role
from permits.services import application_fields, application_steps, applications, my_applications, signoffs
from permits.web.auth import current_actor, login_required
from permits.web.portal_steps import BY_SLUG, STEPS, available_steps, next_step

bp = Blueprint("portal", __name__)
ROW_PREFIXES = {"beteiligte": "beteiligte", "grundstueck": "flurstuecke", "vorhaben": "abweichungen"}


@bp.app_template_filter("decimal_comma")
def _decimal_comma(value: Any) -> str:
    return application_fields.decimal_text(value)


@bp.app_template_filter("euros")
def _euros(cents: Any) -> str:
    return application_fields.euros_text(cents) if cents else "0"


def summary_context(application: Application) -> dict[str, Any]:
    """What `portal/_summary.html` needs besides the application."""
    project = (application.details or {}).get("project") or {}
    codes = project.get("measure_types") or ([project["measure_type"]] if project.get("measure_type") else [])
    return {
        "procedure_label": ProcedureType.label_of(application.procedure),
        "measure_labels": [MeasureType.label_of(c) for c in codes if MeasureType.label_of(c)],
        "checklist": application_steps.document_checklist(application),
        "uploaded": {d.document_type: d for d in application.documents},
    }


@bp.get("/antraege")
@login_required
def my_list() -> str:
    page = request.args.get("seite", "1")
    listing = my_applications.my_applications(current_actor(), int(page) if page.isdigit() else 1)
    return render_template("portal/list.html", listing=listing)


@bp.route("/antraege/neu", methods=["GET", "POST"])
@login_required
def new() -> Any:
    actor = current_actor()
    if actor.role != Role.ARCHITECT:
        abort(403)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.form.to_dict(flat=False)
        try:
            fields = application_steps.READERS["verfahren"](form, {}, errors)
            if errors:
                raise InvalidInput("Bitte prüfen Sie die markierten Angaben.", field_errors=errors)
            created = applications.create_application(fields, actor)
        except InvalidInput as exc:
            errors = exc.field_errors
        else:
            flash("Der Antrag ist als Entwurf gespeichert.", "success")
            return redirect(url_for("portal.step", public_id=created.public_id, schritt="bauherr"))
    values = {k: request.form.get(k, "") for k in ("title", "procedure")}
    page = render_template("portal/new.html", values=values, errors=errors, procedures=list(ProcedureType))
    return (page, 422) if errors else page


def _draft(public_id: str) -> Application:
    application = applications.get_application(public_id, current_actor())
    if application.status != ApplicationStatus.DRAFT:
        flash("Der Antrag ist bereits eingereicht.", "info")
        abort(409)
    return application


@bp.get("/antraege/<public_id>/bearbeiten")
@login_required
def edit(public_id: str) -> Response:
    missing = application_steps.steps_missing_data(_draft(public_id))
    first = next((s for s in available_steps() if s.slug in missing), BY_SLUG["zusammenfassung"])
    return redirect(first.url(public_id))


def _account() -> dict[str, str]:
    """The signed-in designer's own facts, to prefill the step "Entwurfsverfasser/in"."""
    user = g.user
    known = {
        "name": user.display_name,
        "email": user.email,
        # accounts registered with a chamber membership number carry it (registration is built separately)
        "chamber_number": getattr(user, "chamber_number", None),
    }
    return {k: str(v) for k, v in known.items() if v}


def _posted_values(slug: str) -> dict[str, Any]:
    """What was posted, in the shape `form_values` gives (first values; repeated rows as a list)."""
    values: dict[str, Any] = {k: v for k, v in request.form.items()}
    values["measure_types"] = request.form.getlist("measure_types")
    prefix = ROW_PREFIXES.get(slug)
    if prefix:
        form = request.form.to_dict(flat=False)
        values["rows"] = [{k: v[0] for k, v in row.items()} for row in application_fields.rows(form, prefix)]
    return values


def wizard_context(application: Application, slug: str, errors: dict[str, list[str]]) -> dict[str, Any]:
    """What `portal/wizard.html` needs: any step page (also the map step) renders with it."""
    return {
        "application": application,
        "steps": STEPS,
        "current": BY_SLUG[slug],
        "missing": application_steps.missing_by_step(application),
        "errors": errors,
    }


def _render(
    application: Application,
    slug: str,
    values: dict[str, Any],
    errors: dict[str, list[str]],
    status: int = 200,
) -> Any:
    extra = int(request.args.get("neu", "0") == "1")
    context: dict[str, Any] = {
        **wizard_context(application, slug, errors),
        "values": values,
        "extra_row": extra,
        "measure_types": list(MeasureType),
        "deviation_types": list(DeviationType),
        "party_roles": list(PartyRole),
        "procedures": list(ProcedureType),
        **summary_context(application),
    }
    if slug == "zusammenfassung":
        context["signoff"] = signoffs.signoff_state(application)
    return render_template(f"portal/step_{slug}.html", **context), status


@bp.route("/antraege/<public_id>/bearbeiten/<schritt>", methods=["GET", "POST"])
@login_required
def step(public_id: str, schritt: str) -> Any:
    if schritt not in BY_SLUG or BY_SLUG[schritt].endpoint != "portal.step":
        abort(404)
    application = _draft(public_id)
    if request.method == "GET" or schritt in ("unterlagen", "zusammenfassung"):
        if request.method == "POST":
            abort(405)
        return _render(
            application, schritt, application_steps.form_values(application, schritt, _account()), {}
        )
    action = request.form.get("aktion", "weiter")
    form = request.form.to_dict(flat=False)
    if action.startswith("entfernen-"):  # drop a repeated row, keep the rest as typed
        prefix, index = ROW_PREFIXES.get(schritt, ""), action.removeprefix("entfernen-")
        form = {k: v for k, v in form.items() if not k.startswith(f"{prefix}-{index}-")}
    try:
        applications.save_step(public_id, schritt, form, current_actor())
    except InvalidInput as exc:
        return _render(application, schritt, _posted_values(schritt), exc.field_errors, 422)
    if action == "hinzufuegen":
        return redirect(url_for("portal.step", public_id=public_id, schritt=schritt, neu=1) + "#neue-zeile")
    if action.startswith("entfernen-"):
        flash("Eintrag entfernt.", "success")
        return redirect(url_for("portal.step", public_id=public_id, schritt=schritt))
    following = next_step(schritt)
    return redirect(following.url(public_id) if following else url_for("portal.my_list"))


@bp.post("/antraege/<public_id>/unterlagen")
@login_required
def upload(public_id: str) -> Any:
    application = _draft(public_id)
    document_type = request.form.get("document_type", "")
    upload = request.files.get("file")
    try:
        if upload is None or not upload.filename:
            message = "Wählen Sie eine PDF-Datei aus."
            raise InvalidInput(message, field_errors={"file": [message]})
        applications.put_document(public_id, document_type, upload.filename, upload.read(), current_actor())
    except InvalidInput as exc:
        errors = {
            f"dokument-{document_type}": [m for ms in exc.field_errors.values() for m in ms] or [exc.message]
        }
        return _render(application, "unterlagen", {}, errors, 422)
    flash("Die Unterlage ist gespeichert.", "success")
    return redirect(url_for("portal.step", public_id=public_id, schritt="unterlagen"))


@bp.post("/antraege/<public_id>/unterlagen/<int:document_id>/entfernen")
@login_required
def remove_upload(public_id: str, document_id: int) -> Response:
    applications.remove_document(public_id, document_id, current_actor())
    flash("Die Unterlage ist entfernt.", "success")
    return redirect(url_for("portal.step", public_id=public_id, schritt="unterlagen"))


@bp.post("/antraege/<public_id>/freizeichnung")
@login_required
def invite(public_id: str) -> Any:
    application = _draft(public_id)
    try:
        token = signoffs.invite_owner(application, current_actor())
    except InvalidInput as exc:
        return _render(application, "zusammenfassung", {}, exc.field_errors, 422)
    email = signoffs.owner_email(application)
    message = f"Wir haben der Bauherrschaft ({email}) eine E-Mail mit dem Link zur Freizeichnung gesendet."
    if current_app.config.get("DEMO"):  # no mail server in the demo: the mail is in the demo mailbox
        link = url_for("signoff.confirm", token=token, _external=True)
        message += f" Im Demobetrieb können Sie den Link auch hier öffnen: {link}"
    flash(message, "success")
    return redirect(url_for("portal.step", public_id=public_id, schritt="zusammenfassung"))


@bp.post("/antraege/<public_id>/einreichen")
@login_required
def submit(public_id: str) -> Any:
    application = _draft(public_id)
    try:
        submitted = applications.submit_prepared_application(public_id, current_actor())
    except InvalidInput as exc:  # what is missing is listed on the page itself
        flash(exc.message, "error")
        return _render(application, "zusammenfassung", {}, exc.field_errors, 422)
    reference = submitted.case.file_reference if submitted.case else ""
    flash(f"Der Antrag ist eingereicht. Aktenzeichen: {reference}", "success")
    return redirect(url_for("portal.my_list"))
