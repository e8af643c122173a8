from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from toegang.beschikkingen.models import BeschikkingSoort, IntrekkingsGrond
from toegang.forms import CheckboxListField, DatumField, optional_int


class ConceptForm(FlaskForm):
    soort = SelectField("Soort besluit", choices=[(s.value, s.label) for s in BeschikkingSoort])
    indicaties = CheckboxListField("Indicaties in deze beschikking", coerce=int, validators=[Optional()])
    motivering = TextAreaField("Motivering", validators=[DataRequired("De motivering is verplicht (Awb art. 3:46)."),
                                                         Length(max=20000)])
    intrekkingsgrond = SelectField("Grond voor beëindiging (Wmo art. 2.3.10)",
                                   choices=[("", "—")] + [(g.value, g.label) for g in IntrekkingsGrond],
                                   validators=[Optional()])
    ingangsdatum_wijziging = DatumField("Ingangsdatum van de wijziging of beëindiging", validators=[Optional()])
    corrigeert_id = SelectField("Corrigeert beschikking", coerce=optional_int, validators=[Optional()])


class VastleggenForm(FlaskForm):
    version = HiddenField()
    verzenddatum = DatumField("Verzenddatum", validators=[DataRequired("Vul een geldige datum in.")])


class BatchForm(FlaskForm):
    verzenddatum = DatumField("Verzenddatum van deze beschikkingen",
                              validators=[DataRequired("Vul een geldige datum in.")])
