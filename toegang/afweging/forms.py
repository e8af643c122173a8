"""Forms for recording the path (consulent) and publishing a kader version (functioneel beheerder)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField as _RadioField
from wtforms import SelectField as _SelectField
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from toegang.afweging.kader import ANTWOORDEN, BANDEN, UITKOMSTEN
from toegang.forms import CheckboxListField as _CheckboxListField
from toegang.forms import DatumField

KEUZE = "Kies een van de getoonde mogelijkheden."


def _allowed(field: object) -> set[str]:
    return {str(value) for value, *_ in (getattr(field, "choices", None) or [])}


class RadioField(_RadioField):
    """A radio group whose refusal of a value that was not offered is Dutch."""

    def pre_validate(self, form: object) -> None:
        if self.data not in (None, "") and str(self.data) not in _allowed(self):
            raise ValidationError(KEUZE)


class SelectField(_SelectField):
    def pre_validate(self, form: object) -> None:
        if self.data not in (None, "") and str(self.data) not in _allowed(self):
            raise ValidationError(KEUZE)


class CheckboxListField(_CheckboxListField):
    def pre_validate(self, form: object) -> None:
        if any(str(v) not in _allowed(self) for v in (self.data or [])):
            raise ValidationError(KEUZE)

_ANTWOORD_CHOICES = list(ANTWOORDEN.items())
_TEKST = [Optional(), Length(max=5000)]


class PadForm(FlaskForm):
    eigen_kracht_antwoord = RadioField("Antwoord", choices=_ANTWOORD_CHOICES, validators=[Optional()])
    eigen_kracht_toelichting = TextAreaField("Waarom (in uw eigen woorden)", validators=_TEKST)
    netwerk_antwoord = RadioField("Antwoord", choices=_ANTWOORD_CHOICES, validators=[Optional()])
    netwerk_toelichting = TextAreaField("Waarom (in uw eigen woorden)", validators=_TEKST)
    voorliggend_antwoord = RadioField("Antwoord", choices=_ANTWOORD_CHOICES, validators=[Optional()])
    voorliggend_toelichting = TextAreaField("Waarom (in uw eigen woorden)", validators=_TEKST)
    algemeen_antwoord = RadioField("Antwoord", choices=_ANTWOORD_CHOICES, validators=[Optional()])
    algemeen_toelichting = TextAreaField("Waarom (in uw eigen woorden)", validators=_TEKST)
    behoefte_code = SelectField("Behoefte (doelgroep en soort vraag)", validators=[Optional()])
    uitkomst = RadioField("Uitkomst van de afweging", choices=list(UITKOMSTEN.items()),
                          validators=[DataRequired("Kies de uitkomst van de afweging.")])
    voorliggend_code = SelectField("Doorverwezen naar", validators=[Optional()])
    algemeen_code = SelectField("Algemene voorziening", validators=[Optional()])
    band = RadioField("Band", choices=list(BANDEN.items()), validators=[Optional()])
    producten = CheckboxListField("Voorgestelde producten", validators=[Optional()])
    normenkader_activiteiten = CheckboxListField("Normenkader: taken die de inwoner niet zelf kan doen",
                                                 validators=[Optional()])
    normenkader_toeslagen = CheckboxListField("Normenkader: situatie van het huishouden", validators=[Optional()])
    afwijzing_reden = TextAreaField("Reden van afwijzing", validators=_TEKST)
    toekomstplan = TextAreaField("Toekomstplan (verlengde jeugdhulp na 18 jaar)", validators=_TEKST)
    toelichting = TextAreaField("Aanvullende toelichting voor de motivering", validators=_TEKST)


class KaderForm(FlaskForm):
    ingangsdatum = DatumField("Geldt vanaf", validators=[DataRequired("Vul een geldige datum in.")])
    toelichting = TextAreaField("Wat verandert er in deze versie", validators=[
        DataRequired("Leg uit wat er verandert in deze versie."), Length(max=2000)])
    inhoud = TextAreaField("Het kader (JSON)", validators=[DataRequired("Het kader mag niet leeg zijn."),
                                                          Length(max=200_000)],
                           render_kw={"rows": 30, "spellcheck": "false", "autocapitalize": "off"})
