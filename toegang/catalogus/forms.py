"""Forms for the product catalogue and the aanbieders."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from toegang.forms import CheckboxListField, DatumField

WET_CHOICES = [("WMO", "Wmo 2015"), ("JW", "Jeugdwet"), ("PW", "Participatiewet")]


class ProductForm(FlaskForm):
    productcode = StringField("Productcode", validators=[DataRequired("Vul de productcode in."), Length(max=5)])
    naam = StringField("Naam", validators=[DataRequired("Vul de naam in."), Length(max=120)])
    wet = SelectField("Wet", choices=WET_CHOICES)
    productcategorie = StringField("Productcategorie (2 cijfers)", validators=[DataRequired("Vul de categorie in."),
                                                                              Length(max=2)])
    eenheid = SelectField("Eenheid")
    frequenties = CheckboxListField("Toegestane frequenties")
    active = BooleanField("In gebruik", default=True)


class TariefForm(FlaskForm):
    bedrag = StringField("Tarief per eenheid in euro's", validators=[DataRequired("Vul het tarief in."),
                                                                     Length(max=12)])
    geldig_van = DatumField("Geldig vanaf", validators=[DataRequired("Vul een geldige datum in.")])
    geldig_tot = DatumField("Geldig tot en met (leeg: geen einde)", validators=[Optional()])


class AanbiederForm(FlaskForm):
    naam = StringField("Naam", validators=[DataRequired("Vul de naam in."), Length(max=120)])
    kvk = StringField("KvK-nummer", validators=[Optional(), Length(max=12)])
    agb = StringField("AGB-code", validators=[Optional(), Length(max=12)])
    regionaal_gecontracteerd = BooleanField("Regionaal gecontracteerd (anders: lokale contractering)", default=True)
    producten = CheckboxListField("Levert deze producten", coerce=int)
    active = BooleanField("Actief", default=True)
