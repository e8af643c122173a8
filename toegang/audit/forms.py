"""The audit search form (GET: filters are no personal data; the inwoner is an internal id)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only GET search

    actor_id = SelectField("Gebruiker", coerce=lambda v: int(v) if v not in (None, "") else None,
                           validators=[Optional()])
    inwoner_id = IntegerField("Inwoner (intern nummer)", validators=[Optional(), NumberRange(min=1,
                              message="Vul een positief nummer in.")])
    action = SelectField("Handeling", validators=[Optional()])
    result = SelectField("Resultaat", choices=[("", "Alle"), ("ok", "Toegestaan"), ("refused", "Geweigerd")],
                         validators=[Optional()])
    date_from = DateField("Vanaf datum", validators=[Optional()])
    date_to = DateField("Tot en met datum", validators=[Optional()])
