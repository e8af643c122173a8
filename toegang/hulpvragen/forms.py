"""Forms for the melding and everything recorded on a hulpvraag."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from toegang.forms import CheckboxListField, DatumField, GetalField, optional_int
from toegang.hulpvragen.models import Afsluitreden, BetrokkeneSoort, GrondslagSoort, Kanaal, Melder

REQUIRED = "Dit veld is verplicht."
DATUM = "Vul een geldige datum in."

WET_CHOICES = [("WMO", "Wmo 2015"), ("JW", "Jeugdwet"), ("PW", "Participatiewet")]


class MeldingForm(FlaskForm):
    version = HiddenField()
    melddatum = DatumField("Datum van de melding", validators=[DataRequired(DATUM)])
    kanaal = SelectField("Kanaal", choices=[(k.value, k.label) for k in Kanaal])
    melder = SelectField("Wie meldt", choices=[(m.value, m.label) for m in Melder])
    melder_naam = StringField("Naam van de melder (als dat niet de inwoner is)",
                              validators=[Optional(), Length(max=120)])
    verwijzer_code = SelectField("Verwijzer (COD327)", validators=[Optional()])
    huisarts_id = SelectField("Huisartspraktijk (bij verwijzing door de huisarts)", coerce=optional_int,
                              validators=[Optional()])
    wetten = CheckboxListField("Wet(ten)", choices=WET_CHOICES, validators=[DataRequired("Kies minstens één wet.")])
    levensdomeinen = CheckboxListField("Levensdomeinen", validators=[Optional()])
    omschrijving = TextAreaField("Omschrijving van de hulpvraag",
                                 validators=[DataRequired("Beschrijf de hulpvraag."), Length(max=10000)])
    spoed = BooleanField("Spoed: de situatie is urgent")
    consulent_id = SelectField("Vaste consulent", coerce=optional_int, validators=[Optional()])


class GrondslagForm(FlaskForm):
    soort = SelectField("Grondslag", choices=[(g.value, g.label) for g in GrondslagSoort])
    datum = DatumField("Datum", validators=[DataRequired(DATUM)])
    reikwijdte = TextAreaField("Waarvoor (bij toestemming)", validators=[Optional(), Length(max=2000)])
    ontvangers = TextAreaField("Met wie mogen gegevens gedeeld worden (bij toestemming)",
                               validators=[Optional(), Length(max=2000)])
    reden = TextAreaField("Reden (bij bemoeizorg, drang of gedwongen kader)", validators=[Optional(), Length(max=2000)])


class BetrokkeneForm(FlaskForm):
    soort = SelectField("Soort", choices=[(b.value, b.label) for b in BetrokkeneSoort])
    naam = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=120)])
    organisatie = StringField("Organisatie", validators=[Optional(), Length(max=120)])
    telefoon = StringField("Telefoon", validators=[Optional(), Length(max=30)])
    email = StringField("E-mailadres", validators=[Optional(), Email("Vul een geldig e-mailadres in."),
                                                   Length(max=120)])
    rol = StringField("Rol bij deze inwoner", validators=[Optional(), Length(max=200)])


class DatumForm(FlaskForm):
    """One date, for the simple steps: start onderzoek, aanvraag, persoonlijk plan, verslag verzonden."""

    datum = DatumField("Datum", validators=[DataRequired(DATUM)])


class OpschortingForm(FlaskForm):
    start = DatumField("Begin van de opschorting", validators=[DataRequired(DATUM)])
    eind = DatumField("Einde (leeg als de opschorting nog loopt)", validators=[Optional()])
    reden = TextAreaField("Reden: welke gegevens ontbreken", validators=[DataRequired(REQUIRED), Length(max=2000)])


class OpschortingEindeForm(FlaskForm):
    eind = DatumField("Einde van de opschorting", validators=[DataRequired(DATUM)])


class VerdagingForm(FlaskForm):
    mededeling_datum = DatumField("Datum waarop de inwoner is bericht", validators=[DataRequired(DATUM)])
    nieuwe_datum = DatumField("Nieuwe uiterste datum van het besluit", validators=[DataRequired(DATUM)])
    reden = TextAreaField("Reden", validators=[DataRequired(REQUIRED), Length(max=2000)])


class AfsluitenForm(FlaskForm):
    version = HiddenField()
    reden = SelectField("Reden van afsluiten", choices=[(r.value, r.label) for r in Afsluitreden])
    datum = DatumField("Datum", validators=[DataRequired(DATUM)])
    tevredenheid = GetalField("Rapportcijfer van de inwoner voor de toegang (1-10, optioneel)",
                              validators=[Optional(), NumberRange(min=1, max=10, message="Kies 1 tot en met 10.")])


class HertoewijzenForm(FlaskForm):
    consulent_id = SelectField("Nieuwe consulent", coerce=optional_int,
                               validators=[DataRequired("Kies een consulent.")])
    reden = StringField("Reden", validators=[Optional(), Length(max=200)])


ZRM_SCORE_CHOICES = [("", "Niet gescoord"), ("1", "1 – acute problematiek"), ("2", "2 – niet zelfredzaam"),
                     ("3", "3 – beperkt zelfredzaam"), ("4", "4 – voldoende zelfredzaam"),
                     ("5", "5 – volledig zelfredzaam")]


def gesprek_form_class(domeinen: list[tuple[str, str]]) -> type[FlaskForm]:
    """A gesprek form with one ZRM select per domain (the 13 domains come from the code list)."""

    class GesprekForm(FlaskForm):
        datum = DatumField("Datum van het gesprek", validators=[DataRequired(DATUM)])
        locatie = SelectField("Waar", choices=[("thuis", "Bij de inwoner thuis"), ("loket", "Op het loket"),
                                               ("telefonisch", "Telefonisch"), ("video", "Videobellen"),
                                               ("elders", "Elders")])
        deelnemers = TextAreaField("Deelnemers", validators=[DataRequired("Noem wie er bij het gesprek waren."),
                                                             Length(max=2000)])
        notities = TextAreaField("Verslag van het gesprek", validators=[Optional(), Length(max=20000)])
        afgeschermd = BooleanField("Afschermen bij inzage: inzage kan de veiligheid van anderen schaden "
                                   "(bijvoorbeeld een melding bij Veilig Thuis)")
        afscherming_reden = TextAreaField("Reden van afscherming", validators=[Optional(), Length(max=2000)])

    for code, label in domeinen:
        setattr(GesprekForm, f"zrm_{code}", SelectField(label, choices=ZRM_SCORE_CHOICES, validators=[Optional()],
                                                        default=""))
    return GesprekForm


class OnderzoekForm(FlaskForm):
    version = HiddenField()
    behoeften = TextAreaField("Behoeften, persoonskenmerken en voorkeuren", validators=[Length(max=20000)])
    eigen_kracht = TextAreaField("Eigen kracht en gebruikelijke hulp", validators=[Length(max=20000)])
    mantelzorg_netwerk = TextAreaField("Mantelzorg en sociaal netwerk", validators=[Length(max=20000)])
    ondersteuning_mantelzorger = TextAreaField("Ondersteuning van de mantelzorger", validators=[Length(max=20000)])
    algemene_voorzieningen = TextAreaField("Algemene en voorliggende voorzieningen", validators=[Length(max=20000)])
    samenwerking = TextAreaField("Samenwerking met zorg, jeugdhulp, onderwijs, wonen en werk",
                                 validators=[Length(max=20000)])
    eigen_bijdrage = TextAreaField("Eigen bijdrage", validators=[Length(max=20000)])
    conclusie = TextAreaField("Conclusie", validators=[Length(max=20000)])


