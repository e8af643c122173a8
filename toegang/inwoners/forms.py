"""Forms for registering, finding and maintaining residents."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from toegang.errors import DomainError
from toegang.forms import DatumField, GetalField, optional_int
from toegang.inwoners.models import ContactSoort, Geslacht, HuishoudenRol
from toegang.validation import normalise_bsn, normalise_postcode

REQUIRED = "Dit veld is verplicht."

GESLACHT_CHOICES = [(Geslacht.ONBEKEND.value, "Onbekend / niet opgegeven"), (Geslacht.VROUW.value, "Vrouw"),
                    (Geslacht.MAN.value, "Man"), (Geslacht.ANDERS.value, "Anders")]
ROL_CHOICES = [(HuishoudenRol.OUDER.value, "Ouder"), (HuishoudenRol.PARTNER.value, "Partner"),
               (HuishoudenRol.KIND.value, "Kind"), (HuishoudenRol.OVERIG.value, "Overig")]
CONTACT_CHOICES = [(ContactSoort.MANTELZORGER.value, "Mantelzorger"),
                   (ContactSoort.WETTELIJK_VERTEGENWOORDIGER.value, "Wettelijk vertegenwoordiger"),
                   (ContactSoort.CONTACTPERSOON.value, "Contactpersoon")]


class InwonerForm(FlaskForm):
    voornamen = StringField("Voornamen", validators=[DataRequired(REQUIRED), Length(max=120)],
                            render_kw={"autocomplete": "off"})
    tussenvoegsel = StringField("Tussenvoegsel", validators=[Optional(), Length(max=20)],
                                render_kw={"autocomplete": "off"})
    achternaam = StringField("Achternaam", validators=[DataRequired(REQUIRED), Length(max=120)],
                             render_kw={"autocomplete": "off"})
    geboortedatum = DatumField("Geboortedatum", validators=[DataRequired("Vul een geldige geboortedatum in.")])
    geslacht = SelectField("Geslacht", choices=GESLACHT_CHOICES, default=Geslacht.ONBEKEND.value)
    straat = StringField("Straat", validators=[Optional(), Length(max=120)], render_kw={"autocomplete": "off"})
    huisnummer = GetalField("Huisnummer", validators=[Optional(), NumberRange(min=1, max=99999,
                            message="Vul een geldig huisnummer in.")])
    huisnummer_toevoeging = StringField("Toevoeging", validators=[Optional(), Length(max=10)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=10)],
                           render_kw={"autocomplete": "off", "placeholder": "1234 AB"})
    woonplaats = StringField("Woonplaats", validators=[Optional(), Length(max=80)])
    wijk_id = SelectField("Wijk of kern", coerce=optional_int, validators=[Optional()])
    telefoon = StringField("Telefoon", validators=[Optional(), Length(max=30)], render_kw={"autocomplete": "off"})
    email = EmailField("E-mailadres", validators=[Optional(), Email("Vul een geldig e-mailadres in."),
                                                   Length(max=120)], render_kw={"autocomplete": "off"})

    def validate_postcode(self, field: StringField) -> None:
        _check(normalise_postcode, field)


def _check(normalise: object, field: StringField) -> None:
    """Run a shared normaliser as a form validator, so every error shows at once."""
    try:
        normalise(field.data or "")  # type: ignore[operator]
    except DomainError as err:
        raise ValidationError(err.message) from None


class NieuweInwonerForm(InwonerForm):
    bsn = StringField("BSN", validators=[DataRequired("Vul het BSN in."), Length(max=12)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    gemeente_id = SelectField("Gemeente", coerce=int)

    def validate_bsn(self, field: StringField) -> None:
        _check(normalise_bsn, field)


class ZoekForm(FlaskForm):
    bsn = StringField("BSN", validators=[Optional(), Length(max=12)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    achternaam = StringField("Achternaam", validators=[Optional(), Length(max=120)],
                             render_kw={"autocomplete": "off"})
    geboortedatum = DatumField("Geboortedatum", validators=[Optional()])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=10)], render_kw={"autocomplete": "off"})
    huisnummer = GetalField("Huisnummer", validators=[Optional()])


class WlzForm(FlaskForm):
    wlz_indicatie = BooleanField("De inwoner heeft een Wlz-indicatie (CIZ)")
    wlz_datum = DatumField("Datum indicatiebesluit", validators=[Optional()])
    wlz_bron = StringField("Bron", validators=[Optional(), Length(max=120)],
                           render_kw={"placeholder": "bijvoorbeeld CIZ-besluit of melding zorgkantoor"})


class ContactpersoonForm(FlaskForm):
    soort = SelectField("Soort", choices=CONTACT_CHOICES)
    naam = StringField("Naam", validators=[DataRequired(REQUIRED), Length(max=120)])
    relatie = StringField("Relatie tot de inwoner", validators=[Optional(), Length(max=80)])
    telefoon = StringField("Telefoon", validators=[Optional(), Length(max=30)])
    email = EmailField("E-mailadres", validators=[Optional(), Email("Vul een geldig e-mailadres in."),
                                                   Length(max=120)])
    notitie = TextAreaField("Notitie", validators=[Optional(), Length(max=2000)])


class HuishoudenForm(FlaskForm):
    rol = SelectField("Rol van deze inwoner in het huishouden", choices=ROL_CHOICES)


class HuishoudenLidForm(FlaskForm):
    bsn = StringField("BSN van het gezinslid", validators=[DataRequired("Vul het BSN in."), Length(max=12)],
                      render_kw={"inputmode": "numeric", "autocomplete": "off"})
    rol = SelectField("Rol in het huishouden", choices=ROL_CHOICES)
