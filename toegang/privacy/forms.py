"""Forms of the privacy pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length


class InzageZoekForm(FlaskForm):
    """POST, so the BSN never lands in a URL, a log line or the browser history."""

    bsn = StringField("BSN van de inwoner", validators=[DataRequired("Vul het BSN in."), Length(max=20)])


class RetentieForm(FlaskForm):
    verwacht = HiddenField()
    bevestig = BooleanField("Ik heb de lijst gecontroleerd en begrijp dat dit niet ongedaan kan worden",
                            validators=[DataRequired("Bevestig dat u de lijst heeft gecontroleerd.")])
    wachtwoord = PasswordField("Uw wachtwoord, ter bevestiging",
                               validators=[DataRequired("Vul uw wachtwoord in ter bevestiging.")],
                               render_kw={"autocomplete": "current-password"})
