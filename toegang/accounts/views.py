"""Login, logout and user administration views: parse, call an operation, render or redirect."""

from __future__ import annotations

from typing import Any

from babel.dates import format_time
from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from toegang.accounts import bp
from toegang.accounts import operations as ops
from toegang.accounts.forms import LoginForm, OwnPasswordForm, PasswordResetForm, UserCreateForm, UserEditForm
from toegang.accounts.passwords import MIN_PASSWORD_LENGTH
from toegang.accounts.roles import Role
from toegang.forms import EmptyForm
from toegang.security import role_required
from toegang.timeutil import AMSTERDAM
from toegang.web import run_check, run_operation


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = ops.authenticate(form.username.data or "", form.password.data or "")
        if result.outcome is ops.LoginOutcome.OK and result.user is not None:
            next_url = request.args.get("next")
            session.clear()  # a fresh session at login: no fixation
            session["sid"] = ops.start_session(result.user)
            login_user(result.user)
            if next_url and next_url.startswith("/") and not next_url.startswith("//"):
                return redirect(next_url)
            return redirect(url_for("main.home"))
        if result.outcome is ops.LoginOutcome.LOCKED and result.locked_until is not None:
            until = format_time(result.locked_until, "HH:mm", tzinfo=AMSTERDAM, locale="nl_NL")
            form.form_errors.append(
                "Uw account is tijdelijk geblokkeerd na te veel mislukte inlogpogingen. "
                f"Probeer het na {until} opnieuw of neem contact op met de functioneel beheerder."
            )
        elif result.outcome is ops.LoginOutcome.INACTIVE:
            form.form_errors.append("Dit account is gedeactiveerd. Neem contact op met de functioneel beheerder.")
        else:
            form.form_errors.append("De gebruikersnaam of het wachtwoord klopt niet.")
        form.password.data = ""
    return render_template("accounts/login.html", form=form)


@bp.route("/uitloggen", methods=["POST"])
def logout() -> Any:
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ops.end_session(session.get("sid"), current_user._get_current_object())
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
def change_password() -> Any:
    """Every logged-in user changes her own password here (the login gate guards the page)."""
    form = OwnPasswordForm()
    # run_check, not run_operation: a wrong current password must stay on record, and the
    # operation writes nothing before its checks pass.
    if form.validate_on_submit() and run_check(form, ops.change_own_password, current_user._get_current_object(),
                                               form.huidig.data or "", form.password.data or "", session.get("sid")):
        flash("Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.", "success")
        return redirect(url_for("main.home"))
    # Passwords are never sent back into the form.
    form.huidig.data = form.password.data = form.confirm.data = ""
    return render_template("accounts/change_password.html", form=form, min_lengte=MIN_PASSWORD_LENGTH), \
        422 if form.errors else 200


# ------------------------------------------------------------------ administration

def _gemeente_choices() -> list[tuple[int, str]]:
    return [(g.id, g.naam) for g in current_user.gemeenten]


@bp.route("/beheer/gebruikers")
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def users() -> Any:
    return render_template("accounts/users.html", users=ops.list_users(current_user))


@bp.route("/beheer/gebruikers/nieuw", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def user_new() -> Any:
    form = UserCreateForm()
    form.gemeenten.choices = _gemeente_choices()
    if form.validate_on_submit():
        ok, user = run_operation(
            form, ops.create_user, current_user,
            username=form.username.data, full_name=form.full_name.data, email=form.email.data or "",
            password=form.password.data, roles=[Role(r) for r in form.roles.data],
            gemeente_ids=form.gemeenten.data,
        )
        if ok and user is not None:
            flash(f"Gebruiker {user.username} is aangemaakt.", "success")
            return redirect(url_for("accounts.user_detail", user_id=user.id))
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/beheer/gebruikers/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def user_detail(user_id: int) -> Any:
    user = ops.get_user_for_admin(current_user, user_id)
    form = UserEditForm(obj=None if request.method == "POST" else user)
    form.gemeenten.choices = _gemeente_choices()
    if request.method == "GET":
        form.roles.data = [r.value for r in user.roles]
        form.gemeenten.data = [g for g in user.gemeente_ids if g in current_user.gemeente_ids]
    if form.validate_on_submit():
        ok, _ = run_operation(form, ops.update_user, current_user, user, full_name=form.full_name.data,
                              email=form.email.data or "", roles=[Role(r) for r in form.roles.data],
                              gemeente_ids=form.gemeenten.data)
        if ok:
            flash("De gegevens zijn opgeslagen.", "success")
            return redirect(url_for("accounts.user_detail", user_id=user.id))
    return render_template("accounts/user_form.html", form=form, user=user,
                           reset_form=PasswordResetForm(formdata=None), toggle_form=EmptyForm())


@bp.route("/beheer/gebruikers/<int:user_id>/wachtwoord", methods=["POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def user_reset_password(user_id: int) -> Any:
    user = ops.get_user_for_admin(current_user, user_id)
    reset_form = PasswordResetForm()
    if reset_form.validate_on_submit():
        ok, _ = run_operation(reset_form, ops.reset_password, current_user, user, reset_form.password.data)
        if ok:
            flash("Het wachtwoord is opnieuw ingesteld; lopende sessies van deze gebruiker zijn beëindigd.",
                  "success")
            return redirect(url_for("accounts.user_detail", user_id=user.id))
    form = UserEditForm(obj=user)
    form.gemeenten.choices = _gemeente_choices()
    form.roles.data = [r.value for r in user.roles]
    form.gemeenten.data = [g for g in user.gemeente_ids if g in current_user.gemeente_ids]
    return render_template("accounts/user_form.html", form=form, user=user, reset_form=reset_form,
                           toggle_form=EmptyForm()), 422


@bp.route("/beheer/gebruikers/<int:user_id>/actief", methods=["POST"])
@role_required(Role.FUNCTIONEEL_BEHEERDER)
def user_toggle_active(user_id: int) -> Any:
    user = ops.get_user_for_admin(current_user, user_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        abort(400)
    ok, _ = run_operation(None, ops.set_active, current_user, user, not user.active)
    if ok:
        flash("Het account is " + ("weer actief." if user.active else "gedeactiveerd."), "success")
    return redirect(url_for("accounts.user_detail", user_id=user.id))
