"""Request-level behaviour: login gate, unit of work, security headers, error pages, filters."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from flask import Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from toegang.accounts.roles import Role
from toegang.audit.models import AuditResult
from toegang.errors import DomainError, Refused
from toegang.extensions import db, login_manager
from toegang.security import PUBLIC_ENDPOINTS, TOKEN_BLUEPRINTS
from toegang.timeutil import AMSTERDAM

T = TypeVar("T")


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def init_app(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Log in om verder te gaan."
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session record does this job

    @login_manager.user_loader
    def load_user(user_id: str) -> Any:
        from toegang.accounts.operations import load_session

        user = load_session(session.get("sid"))
        if user is None or str(user.id) != user_id:
            g.session_expired = bool(session.get("sid"))
            session.clear()
            return None
        return user

    app.before_request(_reject_control_characters)
    app.before_request(_deny_by_default)
    app.after_request(_finish_unit_of_work)
    app.after_request(_security_headers)
    app.teardown_request(_teardown)
    _register_error_handlers(app)
    _register_template_helpers(app)


#: C0 control characters (and DEL) other than tab, line feed and carriage return. PostgreSQL
#: cannot store NUL at all, and none of these belong in anything a person types.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _reject_control_characters() -> Any:
    """Refuse (400, nothing written) a request whose form or query holds control characters."""
    for source in (request.args, request.form):
        for key, values in source.lists():
            if _CONTROL_CHARACTERS.search(key) or any(_CONTROL_CHARACTERS.search(v) for v in values):
                g.uow_rollback = True
                return render_template("errors/400.html", message=(
                    "Het formulier bevat tekens die niet zijn toegestaan (stuurtekens). Haal ze weg en "
                    "probeer het opnieuw.")), 400
    return None


def _deny_by_default() -> Any:
    """Every endpoint needs a login unless it is explicitly public."""
    g.uow_rollback = False
    if request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in TOKEN_BLUEPRINTS:
        return None
    if request.endpoint is None:
        return None  # 404/405 handled by the error handlers
    if not current_user.is_authenticated:
        if getattr(g, "session_expired", False):
            flash("Uw sessie is verlopen. Log opnieuw in.", "info")
        return redirect(url_for("accounts.login", next=_safe_next(request.full_path)))
    return None


def _safe_next(path: str) -> str | None:
    path = path.rstrip("?")
    return path if path.startswith("/") and not path.startswith("//") else None


def _finish_unit_of_work(response: Any) -> Any:
    """One commit per request: commit on success, roll back on a server error."""
    if getattr(g, "uow_rollback", False) or response.status_code >= 500:
        db.session.rollback()
    else:
        try:
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    return response


def _teardown(exc: BaseException | None) -> None:
    if exc is not None:
        db.session.rollback()


def _security_headers(response: Any) -> Any:
    h = response.headers
    h["Content-Security-Policy"] = CSP
    h["X-Content-Type-Options"] = "nosniff"
    h["Referrer-Policy"] = "same-origin"
    h["X-Frame-Options"] = "DENY"
    h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    h["Cross-Origin-Opener-Policy"] = "same-origin"
    hsts = current_app.config.get("HSTS")
    if hsts:
        h["Strict-Transport-Security"] = hsts
    if request.endpoint != "static":
        # Pages carry personal data: never store them in a shared or browser cache.
        h["Cache-Control"] = "no-store"
    return response


def record_refusal(exc: Refused) -> None:
    """Roll back whatever the refused request did, then put the refusal itself on record."""
    from toegang.audit.operations import record

    db.session.rollback()
    r = exc.refusal
    record(r.action, object_type=r.object_type, object_id=r.object_id, inwoner_id=r.inwoner_id,
           gemeente_id=r.gemeente_id, result=AuditResult.REFUSED, reason=r.reason,
           details=r.details)
    db.session.commit()


def _register_error_handlers(app: Flask) -> None:
    @app.errorhandler(Refused)
    def refused(exc: Refused) -> Any:
        record_refusal(exc)
        template = {404: "errors/404.html", 409: "errors/generic.html"}.get(exc.status, "errors/403.html")
        return render_template(template, message=exc.message, code=exc.status), exc.status

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> Any:
        g.uow_rollback = True
        return render_template("errors/400.html",
                               message="Het formulier is verlopen of ongeldig. Laad de pagina opnieuw "
                                       "en probeer het nog eens."), 400

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> Any:
        """A rule broken outside a form (forms show theirs inline): undo and explain."""
        g.uow_rollback = True
        return render_template("errors/generic.html", code=409, message=exc.message), 409

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        if code >= 500:
            g.uow_rollback = True
        template = {403: "errors/403.html", 404: "errors/404.html"}.get(code, "errors/generic.html")
        return render_template(template, code=code, message=None), code

    @app.errorhandler(Exception)
    def server_error(exc: Exception) -> Any:
        g.uow_rollback = True
        db.session.rollback()
        app.logger.exception("Onverwachte fout bij %s %s", request.method, request.endpoint)
        return render_template("errors/500.html"), 500


def run_operation(form: FlaskForm | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[bool, T | None]:
    """Run an operation in a savepoint; on a DomainError undo it and show the error on the form.

    Returns (ok, result). Refusals propagate (they are not the user's input error).
    """
    try:
        with db.session.begin_nested():
            result = fn(*args, **kwargs)
        return True, result
    except DomainError as err:
        _show(form, err)
        return False, None


def run_check(form: FlaskForm | None, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Run a check that writes nothing but its audit event (a password confirmation), *not* in a
    savepoint: a refused attempt must stay on record, and a rolled-back savepoint takes its audit
    events along. A DomainError is shown on the form like :func:`run_operation` does."""
    try:
        fn(*args, **kwargs)
        return True
    except DomainError as err:
        _show(form, err)
        return False


def _show(form: FlaskForm | None, err: DomainError) -> None:
    """The error on its field, else at the top of the form, else as a flash message."""
    if form is None:
        flash(err.message, "error")
        return
    form.domain_error = err  # type: ignore[attr-defined]
    field = getattr(form, err.field_name, None) if err.field_name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*list(field.errors), err.message]
    else:
        form.form_errors.append(err.message)


@functools.lru_cache(maxsize=4096)
def _dutch_date(value: date, fmt: str) -> str:
    """Babel's Dutch date, memoised: a page shows the same few dates many times (today, deadlines)."""
    return format_date(value, format=fmt, locale="nl_NL")


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.template_filter("datum")
    def datum(value: date | datetime | None, fmt: str = "long") -> str:
        if value is None:
            return "—"
        if isinstance(value, datetime):
            value = value.astimezone(AMSTERDAM).date()
        return _dutch_date(value, fmt)

    @app.template_filter("tijdstip")
    def tijdstip(value: datetime | None) -> str:
        if value is None:
            return "—"
        return format_datetime(value, "d MMMM yyyy 'om' HH:mm", tzinfo=AMSTERDAM, locale="nl_NL")

    @app.template_filter("euro")
    def euro(cents: int | None) -> str:
        if cents is None:
            return "—"
        return format_currency(cents / 100, "EUR", locale="nl_NL")

    @app.template_filter("getal")
    def getal(value: float | int | None) -> str:
        return "—" if value is None else format_decimal(value, locale="nl_NL")

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"Role": Role, "organisatie": app.config["ORGANISATIE_NAAM"]}
