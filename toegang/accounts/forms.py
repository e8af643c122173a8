"""Forms for login and user administration."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from toegang.accounts.passwords import MIN_PASSWORD_LENGTH
from toegang.accounts.roles import ROLE_LABELS
from toegang.forms import CheckboxListField

REQUIRED = "Dit veld is verplicht."


class LoginForm(FlaskForm):
    username = StringField("Gebruikersnaam", validators=[DataRequired(REQUIRED), Length(max=64)],
                           render_kw={"autocomplete": "username"})
    password = PasswordField("Wachtwoord", validators=[DataRequired(REQUIRED), Length(max=128)],
                             render_kw={"autocomplete": "current-password"})


def _role_choices() -> list[tuple[str, str]]:
    return [(r.value, label) for r, label in ROLE_LABELS.items()]


class UserEditForm(FlaskForm):
    full_name = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=120)],
                            render_kw={"autocomplete": "off"})
    email = EmailField("E-mailadres", validators=[Optional(), Email("Vul een geldig e-mailadres in."),
                                                   Length(max=120)])
    roles = CheckboxListField("Rollen", choices=_role_choices(),
                              validators=[DataRequired("Kies minstens één rol.")])
    gemeenten = CheckboxListField("Gemeenten", coerce=int,
                                  validators=[DataRequired("Kies minstens één gemeente.")])


class UserCreateForm(UserEditForm):
    username = StringField("Gebruikersnaam", validators=[DataRequired(REQUIRED), Length(max=64)],
                           render_kw={"autocomplete": "off"})
    password = PasswordField(
        "Eerste wachtwoord",
        validators=[DataRequired(REQUIRED), Length(min=MIN_PASSWORD_LENGTH, max=128,
                    message=f"Het wachtwoord moet {MIN_PASSWORD_LENGTH} tot 128 tekens lang zijn.")],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordResetForm(FlaskForm):
    password = PasswordField(
        "Nieuw wachtwoord",
        validators=[DataRequired(REQUIRED), Length(min=MIN_PASSWORD_LENGTH, max=128,
                    message=f"Het wachtwoord moet {MIN_PASSWORD_LENGTH} tot 128 tekens lang zijn.")],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField("Herhaal het wachtwoord",
                            validators=[DataRequired(REQUIRED), EqualTo("password", "De wachtwoorden verschillen.")],
                            render_kw={"autocomplete": "new-password"})


class OwnPasswordForm(PasswordResetForm):
    """The user's own change: the reset's new-password pair, plus the current password first."""

    huidig = PasswordField("Huidig wachtwoord", validators=[DataRequired(REQUIRED)],
                           render_kw={"autocomplete": "current-password"})
