"""Forms of monitoring: the dashboard filters (GET, no CSRF needed) and issuing an API token."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from toegang.forms import optional_int


class TokenForm(FlaskForm):
    naam = StringField("Naam (waarvoor is dit token?)", validators=[DataRequired("Vul een naam in."), Length(max=120)])
    gemeente_id = SelectField("Gemeente", coerce=optional_int, validators=[DataRequired("Kies een gemeente.")])


class FilterForm(FlaskForm):
    """Read from the query string; the dashboard only reads, so no CSRF token."""

    class Meta:
        csrf = False

    gemeente = SelectField("Gemeente")
    soort = SelectField("Periode", choices=[("maand", "Maand"), ("kwartaal", "Kwartaal"),
                                            ("halfjaar", "Halfjaar"), ("jaar", "Jaar")], default="kwartaal")
    periode = SelectField("Welke periode")
    wet = SelectField("Wet", choices=[("", "Alle wetten"), ("WMO", "Wmo 2015"), ("JW", "Jeugdwet"),
                                      ("PW", "Participatiewet")], default="")
    wijk = SelectField("Wijk of kern")
