from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

L = Length(max=200, message="Gebruik hoogstens 200 tekens.")


class GemeenteForm(FlaskForm):
    naam = StringField("Naam", validators=[DataRequired("Vul de naam van de gemeente in."), Length(max=120)])
    bezoekadres = StringField("Bezoekadres", validators=[Optional(), L])
    postadres = StringField("Postadres", validators=[Optional(), L])
    telefoon = StringField("Telefoon", validators=[Optional(), Length(max=40)])
    email = StringField("E-mailadres", validators=[Optional(), Length(max=120)])
    website = StringField("Website", validators=[Optional(), L])
    logo_bestand = StringField("Logo (bestand in img/)", validators=[Optional(), Length(max=120)])
    bezwaar_adres = TextAreaField("Adres voor bezwaarschriften", validators=[Optional(), Length(max=300)])
    verordening_wmo = StringField("Verordening Wmo", validators=[Optional(), L])
    verordening_jeugd = StringField("Verordening Jeugdhulp", validators=[Optional(), L])
    verordening_participatie = StringField("Verordening Participatiewet", validators=[Optional(), L])
    ondertekenaar_naam = StringField("Ondertekenaar (naam)", validators=[Optional(), Length(max=120)])
    ondertekenaar_functie = StringField("Ondertekenaar (functie)", validators=[Optional(), Length(max=120)])
