"""Forms for proposing and reviewing indicaties, and for the impact policy."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from toegang.forms import DatumField, GetalField, optional_int

DATUM = "Vul een geldige datum in."


class DecimaalField(StringField):
    """A positive number typed the Dutch way ("2,5") or with a point."""

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        raw = (self.data or "").strip().replace(" ", "")
        if not raw:
            self.data = None
            return
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            self.data = None
            raise ValueError("Vul een getal in, bijvoorbeeld 3 of 2,5.") from None
        if not value.is_finite() or value <= 0 or value >= Decimal("100000000") or value != value.quantize(
                Decimal("0.01")):
            self.data = None
            raise ValueError("Vul een getal groter dan nul in, met hoogstens twee decimalen.")
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return str(self.data).replace(".", ",") if self.data is not None else ""


class IndicatieForm(FlaskForm):
    version = HiddenField()
    product_id = SelectField("Product", coerce=optional_int, validators=[Optional()])
    volume = DecimaalField("Omvang (aantal eenheden)", validators=[Optional()])
    frequentie = SelectField("Frequentie", choices=[("1", "per dag"), ("2", "per week"), ("4", "per maand"),
                                                    ("6", "totaal binnen de looptijd")])
    ingangsdatum = DatumField("Ingangsdatum", validators=[DataRequired(DATUM)])
    einddatum = DatumField("Einddatum", validators=[Optional()])
    leveringsvorm = RadioField("Leveringsvorm", choices=[("ZIN", "Zorg in natura (via een aanbieder)"),
                                                        ("PGB", "Persoonsgebonden budget (pgb)")], default="ZIN")
    aanbieder_id = SelectField("Aanbieder (bij zorg in natura)", coerce=optional_int, validators=[Optional()])
    pgb_budget = StringField("Pgb-budget voor de hele looptijd, in euro's", validators=[Optional(), Length(max=20)])
    pgb_motivering = TextAreaField("Waarom een pgb (Wmo art. 2.3.6)", validators=[Optional(), Length(max=5000)])
    doelen = TextAreaField("Doelen", validators=[DataRequired("Beschrijf de doelen van de ondersteuning."),
                                                 Length(max=5000)])
    resultaat = TextAreaField("Afgesproken resultaat", validators=[Optional(), Length(max=5000)])
    afwijking_reden = TextAreaField("Afwijking van het afwegingskader (alleen invullen als u afwijkt)",
                                    validators=[Optional(), Length(max=5000)])
    maatwerk_omschrijving = TextAreaField("Maatwerk buiten de catalogus: wat", validators=[Optional(),
                                                                                          Length(max=2000)])
    maatwerk_wet = SelectField("Wet van het maatwerk", choices=[("", "—"), ("WMO", "Wmo 2015"), ("JW", "Jeugdwet"),
                                                               ("PW", "Participatiewet")], validators=[Optional()])
    maatwerk_budget = StringField("Budget van het maatwerk in euro's", validators=[Optional(), Length(max=20)])
    maatwerk_rechtvaardiging = TextAreaField("Waarom passen de gewone producten niet",
                                             validators=[Optional(), Length(max=5000)])


class VersionForm(FlaskForm):
    """A POST-only action on a specific version (submit, approve, spoed)."""

    version = HiddenField()


class TerugsturenForm(FlaskForm):
    version = HiddenField()
    reden = TextAreaField("Reden voor de consulent", validators=[DataRequired("Geef een reden: wat moet er anders?"),
                                                                Length(max=5000)])


class NacontroleForm(FlaskForm):
    akkoord = RadioField("Oordeel", choices=[("ja", "Akkoord"), ("nee", "Niet akkoord")],
                         validators=[DataRequired("Kies akkoord of niet akkoord.")])
    reden = TextAreaField("Toelichting (verplicht bij niet akkoord)", validators=[Optional(), Length(max=5000)])


class ImpactBeleidForm(FlaskForm):
    ingangsdatum = DatumField("Geldt vanaf", validators=[DataRequired(DATUM)])
    kosten_drempel = GetalField("Kostendrempel per 12 maanden (hele euro's)",
                                validators=[DataRequired("Vul de kostendrempel in.")])
    pgb_drempel = GetalField("Pgb-drempel per 12 maanden (hele euro's)",
                             validators=[DataRequired("Vul de pgb-drempel in.")])
    crisis_max_dagen = GetalField("Maximale duur crisisindicatie zonder toets (dagen)",
                                  validators=[DataRequired("Vul het aantal dagen in.")])
    verblijf_wmo = StringField("Verblijf/24-uurszorg Wmo: productcategorieën (komma's)", validators=[Optional()])
    verblijf_jeugd = StringField("Verblijf/24-uurszorg Jeugd: productcategorieën (komma's)", validators=[Optional()])
    lokale_contractering = BooleanField("Lokale contractering (aanbieder niet regionaal gecontracteerd) toetsen")
    afwijking_kader = BooleanField("Afwijking van het afwegingskader toetsen")
    jeugd_18_plus = BooleanField("Jeugdhulp voor 18 jaar en ouder toetsen")
    toelichting = TextAreaField("Toelichting bij deze versie", validators=[DataRequired(
        "Leg uit waarom het beleid verandert."), Length(max=2000)])
