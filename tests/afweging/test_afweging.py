"""Afwegingskader: hard rules (service and HTTP), version pinning, deviation, motivering prose,
werkvoorraad signals, who may publish the kader, the frozen path, and bad input."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
import sqlalchemy as sa

from tests.conftest import Browser
from tests.intake_helpers import (
    STAPPEN_NIET_TOEREIKEND,
    aanbieder,
    make_hulpvraag,
    make_indicatie,
    make_inwoner,
    product,
    user,
)
from toegang.accounts.roles import Role
from toegang.afweging import kader as K
from toegang.afweging import operations as ops
from toegang.afweging.models import Afweging, Afwegingskader
from toegang.beschikkingen import operations as b_ops
from toegang.beschikkingen.models import BeschikkingSoort
from toegang.catalogus.seed import seed_catalogus
from toegang.errors import DomainError
from toegang.extensions import db
from toegang.hulpvragen import operations as hv_ops
from toegang.hulpvragen.models import Hulpvraag
from toegang.hulpvragen.queries import signalen
from toegang.indicaties import operations as ind_ops
from toegang.indicaties.models import Indicatie, IndicatieStatus, Leveringsvorm
from toegang.inwoners import operations as inw_ops
from toegang.inwoners.operations import today


@pytest.fixture
def team(app, make_user):
    make_user("consulent", Role.CONSULENT, codes=("9991", "9992"))
    make_user("tl2", Role.TEAMLEIDER, codes=("9991", "9992"))
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER, codes=("9991", "9992"))
    with app.app_context():
        seed_catalogus()
        db.session.commit()
        ops.seed_kaders()
        db.session.commit()


def _case(gemeente_id: int, *, geboren: date = date(1950, 1, 1), wetten=("WMO",), melddatum: date | None = None,
          **inw) -> Hulpvraag:
    actor = user("consulent")
    inwoner = make_inwoner(actor, gemeente_id, geboortedatum=geboren, **inw)
    melddatum = melddatum or today() - timedelta(days=60)
    hv = make_hulpvraag(actor, inwoner, melddatum, wetten=wetten)
    hv_ops.start_onderzoek(actor, hv, melddatum)
    hv_ops.record_aanvraag(actor, hv, min(today(), melddatum + timedelta(days=50)))
    return hv


def _pad(uitkomst="maatwerk", stappen=None, **kw) -> ops.PadInvoer:
    return ops.PadInvoer(antwoorden=dict(stappen or STAPPEN_NIET_TOEREIKEND), uitkomst=uitkomst, **kw)


HBH = {"behoefte_code": "huishouden", "band": "midden", "producten": ["01A01"],
       "normenkader_activiteiten": ["licht_poetsen", "zwaar_poetsen", "wasverzorging", "boodschappen"]}


def _voorstel(code="01A01", aanbieder_naam="Thuiszorg De Linde", volume="3", frequentie="2", begin=None,
              einde=None, **kw) -> ind_ops.Voorstel:
    begin = begin or today()
    return ind_ops.Voorstel(product_id=product(code).id, volume=Decimal(volume), frequentie=frequentie,
                            ingangsdatum=begin, einddatum=einde or begin + timedelta(days=83),
                            leveringsvorm=Leveringsvorm.ZIN, aanbieder_id=aanbieder(aanbieder_naam).id,
                            doelen="Een schoon huis.", **kw)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _login(app, username: str) -> Browser:
    b = Browser(app.test_client())
    assert b.login(username).status_code == 302
    return b


# ------------------------------------------------------------------ hard rule: the order of the steps

def test_no_maatwerk_without_path(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    with pytest.raises(DomainError, match=r"Er is nog geen afweging vastgelegd. Maatwerk kan pas als eigen kracht"):
        ind_ops.create(user("consulent"), hv, _voorstel())
    assert _count(Indicatie) == 0


def test_no_maatwerk_before_all_steps_answered(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    half = {k: v for k, v in STAPPEN_NIET_TOEREIKEND.items() if k in ("eigen_kracht", "netwerk")}
    with pytest.raises(DomainError, match=r"Maatwerk kan pas als eigen kracht, het sociaal netwerk") as exc:
        ops.record_pad(user("consulent"), hv, _pad(stappen=half, **HBH))
    assert exc.value.field_name == "uitkomst"
    # A path that ends elsewhere does not allow an indicatie either.
    ops.record_pad(user("consulent"), hv, _pad("algemeen", stappen={**STAPPEN_NIET_TOEREIKEND, "algemeen": {
        "antwoord": "toereikend", "toelichting": ""}}, algemeen_code="AV10"))
    with pytest.raises(DomainError, match=r"De afweging eindigt in 'algemene voorziening'"):
        ind_ops.create(user("consulent"), hv, _voorstel())


def test_a_step_that_suffices_ends_the_path(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    stappen = {**STAPPEN_NIET_TOEREIKEND, "netwerk": {"antwoord": "toereikend", "toelichting": "Zoon helpt"}}
    with pytest.raises(DomainError, match=r"De afweging stopt bij 'Sociaal netwerk en mantelzorg'"):
        ops.record_pad(user("consulent"), hv, _pad(stappen=stappen, **HBH))


# ------------------------------------------------------------------ hard rule: Wlz

def test_wlz_blocks_maatwerk_in_the_path(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    inw_ops.set_wlz(user("consulent"), hv.inwoner, True, today() - timedelta(days=100), "CIZ-besluit")
    with pytest.raises(DomainError, match=r"Deze inwoner heeft een Wlz-indicatie. De Wet langdurige zorg gaat voor"):
        ops.record_pad(user("consulent"), hv, _pad(**HBH))
    assert _count(Afweging) == 0


def test_wlz_blocks_indicatie_and_beschikking(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ind = make_indicatie(user("consulent"), hv, ingangsdatum=today())
    inw_ops.set_wlz(user("consulent"), hv.inwoner, True, today(), "CIZ-besluit")
    # Changing the indicatie is refused now …
    with pytest.raises(DomainError, match=r"geen maatwerk voor zorg die de Wlz dekt \(productcategorie 01\)"):
        ind_ops.update(user("consulent"), ind, _voorstel(volume="2"), ind.version)
    # … and so is issuing the beschikking of the indicatie proposed before.
    b = b_ops.create_concept(user("consulent"), hv, b_ops.Concept(BeschikkingSoort.TOEKENNING, [ind.id], "Motivering"))
    problems = b_ops.blocking_problems(b)
    assert any("Wlz-indicatie" in p for p in problems)
    with pytest.raises(DomainError, match=r"Wlz-indicatie"):
        b_ops.vastleggen(user("consulent"), b, today(), b.version)


def test_wlz_refusal_shown_on_the_form(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        inw_ops.set_wlz(user("consulent"), hv.inwoner, True, today() - timedelta(days=5), "CIZ")
        db.session.commit()
        hid = hv.id
    b = _login(app, "consulent")
    url = f"/afweging/hulpvraag/{hid}"
    data = {f"{s}_{k}": v for s, ans in STAPPEN_NIET_TOEREIKEND.items() for k, v in
            (("antwoord", ans["antwoord"]), ("toelichting", ans["toelichting"]))}
    data.update({"uitkomst": "maatwerk", "behoefte_code": "huishouden", "band": "midden", "producten": "01A01",
                 "normenkader_activiteiten": ["licht_poetsen", "zwaar_poetsen"]})
    resp = b.post(url, data)
    page = unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert "Deze inwoner heeft een Wlz-indicatie. De Wet langdurige zorg gaat voor" in page
    assert "Haar dochter woont ver weg en werkt fulltime" in page  # what was typed stays
    with app.app_context():
        assert _count(Afweging) == 0


# ------------------------------------------------------------------ hard rule: Jeugdwet after 18

def test_jeugd_18_only_pleegzorg_or_jeugdreclassering_with_toekomstplan(app, app_ctx, team, gemeenten):
    eighteen = date(today().year - 18, 1, 1)
    hv = _case(gemeenten["9991"], geboren=eighteen, wetten=("JW",))
    opvoeden = {"behoefte_code": "opvoeden", "band": "licht", "producten": ["45A48"]}
    with pytest.raises(DomainError, match=r"alleen voor pleegzorg of jeugdreclassering.*Productcategorie 45"):
        ops.record_pad(user("consulent"), hv, _pad(**opvoeden))
    pleegzorg = {"behoefte_code": "jeugd_verblijf", "band": "licht", "producten": ["35A01"]}
    with pytest.raises(DomainError, match=r"Leg eerst het toekomstplan vast"):
        ops.record_pad(user("consulent"), hv, _pad(**pleegzorg))
    ops.record_pad(user("consulent"), hv, _pad(toekomstplan="Wonen in het pleeggezin tot 21, dan kamer.",
                                                 **pleegzorg))
    ind = ind_ops.create(user("consulent"), hv, _voorstel("35A01", "Pleegzorg Regio", volume="1", frequentie="1"))
    assert ind.afweging is not None and ind.afweging.kader.versie == 1


def test_jeugd_18_at_ingangsdatum_blocks_indicatie(app, app_ctx, team, gemeenten):
    """17 today, but 18 on the ingangsdatum: the Jeugdwet indicatie is refused with the reason."""
    born = today() - timedelta(days=18 * 365)  # about two weeks short of 18
    hv = _case(gemeenten["9991"], geboren=born, wetten=("JW",))
    ops.record_pad(user("consulent"), hv, _pad(behoefte_code="opvoeden", band="licht", producten=["45A48"]))
    begin = today() + timedelta(days=30)
    with pytest.raises(DomainError, match=r"jaar. Jeugdhulp na het 18e jaar"):
        ind_ops.create(user("consulent"), hv, _voorstel("45A48", "Jeugdzorg Horizon", volume="1", begin=begin))
    ind = ind_ops.create(user("consulent"), hv, _voorstel("45A48", "Jeugdzorg Horizon", volume="1"))
    assert ind.id


def test_indicatie_form_shows_hard_rule(app, team, gemeenten):
    with app.app_context():
        hid = _case(gemeenten["9991"]).id
        db.session.commit()
        pid, aid = product("01A01").id, aanbieder("Thuiszorg De Linde").id
    b = _login(app, "consulent")
    resp = b.post(f"/indicaties/nieuw/{hid}", {
        "product_id": pid, "volume": "3", "frequentie": "2", "ingangsdatum": today().isoformat(),
        "einddatum": (today() + timedelta(days=60)).isoformat(), "leveringsvorm": "ZIN", "aanbieder_id": aid,
        "doelen": "Schoon huis"})
    assert resp.status_code == 200 or resp.status_code == 422
    page = unescape(resp.get_data(as_text=True))
    assert "Er is nog geen afweging vastgelegd. Maatwerk kan pas als eigen kracht" in page
    with app.app_context():
        assert _count(Indicatie) == 0


# ------------------------------------------------------------------ deviation

def test_deviation_needs_a_reason_and_is_high_impact(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ops.record_pad(user("consulent"), hv, _pad(**{**HBH, "normenkader_activiteiten": [
        a["code"] for a in K.standaard()["normenkader"]["activiteiten"]]}))
    with pytest.raises(DomainError, match=r"buiten de band 'midden' \(2 tot 4 per week\)") as exc:
        ind_ops.create(user("consulent"), hv, _voorstel(volume="5"))
    assert exc.value.field_name == "afwijking_reden"
    ind = ind_ops.create(user("consulent"), hv, _voorstel(volume="5", afwijking_reden="Ernstige COPD: stof moet weg."))
    assert ind.hoog_impact
    assert "Afwijking van het afwegingskader: Ernstige COPD: stof moet weg." in ind.impact_redenen
    within = ind_ops.create(user("consulent"), hv, _voorstel(volume="3"))
    assert not within.hoog_impact and within.afwijking_reden == ""
    with pytest.raises(DomainError, match=r"Product 02A16 is geen standaardproduct van de band 'midden'"):
        ind_ops.create(user("consulent"), hv, _voorstel("02A16", "Welzijn & Zorg Voorbeeld", volume="2"))


def test_normenkader_caps_the_hours(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    a = ops.record_pad(user("consulent"), hv, _pad(**{**HBH, "normenkader_activiteiten": [
        "licht_poetsen", "zwaar_poetsen"]}))
    assert a.normenkader["minuten"] == 150
    with pytest.raises(DomainError, match=r"meer dan het normenkader adviseert \(2,5 uur per week\)"):
        ind_ops.create(user("consulent"), hv, _voorstel(volume="3"))
    assert ind_ops.create(user("consulent"), hv, _voorstel(volume="2.5")).hoog_impact is False


def test_zuiderveen_exempts_residents_over_90_from_the_normenkader(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9992"], geboren=date(today().year - 92, 1, 1))
    a = ops.record_pad(user("consulent"), hv, _pad(behoefte_code="huishouden", band="midden", producten=["01A01"]))
    assert a.normenkader == {"vrijgesteld": True, "leeftijd": 92}
    assert ("U bent 92 jaar. De gemeente gebruikt het normenkader niet voor inwoners van 90 jaar en ouder."
            in ops.motivering(a))
    # In Voorbeeld the normenkader applies at any age.
    other = _case(gemeenten["9991"], geboren=date(today().year - 92, 1, 1))
    with pytest.raises(DomainError, match=r"Kies in het normenkader de taken"):
        ops.record_pad(user("consulent"), other, _pad(behoefte_code="huishouden", band="midden",
                                                       producten=["01A01"]))


# ------------------------------------------------------------------ motivering

MAATWERK_MOTIVERING = (
    "U heeft ons om hulp gevraagd bij: een schoon en leefbaar huis. Wij kijken altijd eerst wat u zelf kunt en "
    "wie u kan helpen. Daarna kijken we naar andere hulp. Pas als dat niet genoeg is, krijgt u hulp van de gemeente "
    "(een maatwerkvoorziening). Dit staat in artikel 2.3.5 van de Wmo 2015. Hieronder leest u wat wij samen met u "
    "hebben bekeken.\n\n"
    "Eigen kracht en gebruikelijke hulp. U kunt dit niet zelf oplossen. Ook de mensen met wie u samenwoont kunnen "
    "dit niet van u overnemen. Mevrouw kan na haar operatie niet bukken of tillen.\n\n"
    "Sociaal netwerk en mantelzorg. Familie, vrienden of buren kunnen u hierbij niet (meer) helpen. Haar dochter "
    "woont ver weg en werkt fulltime.\n\n"
    "Voorliggende voorzieningen. Hulp via een andere wet of instantie is voor uw vraag niet van toepassing. Er is "
    "geen Wlz-indicatie en de zorgverzekering vergoedt dit niet.\n\n"
    "Algemene voorzieningen. Er is geen algemene voorziening die u genoeg kan helpen. De schoonmaakhulp via de "
    "dienstenregeling is niet genoeg voor de zware taken.\n\n"
    "Voor hulp bij het huishouden gebruikt de gemeente een normenkader. Daarin staat hoeveel tijd een taak "
    "gemiddeld kost. Wij tellen de tijd op voor de taken die u niet zelf kunt doen, en houden rekening met uw "
    "situatie. Voor u komt dat uit op 240 minuten per week (4 uur per week).\n\n"
    "Conclusie: wat u nodig heeft, kunt u niet op een andere manier krijgen. Daarom krijgt u een "
    "maatwerkvoorziening: hulp bij het huishouden. Uw situatie past bij de ondersteuning 'midden': u kunt het "
    "schoonmaken en de was grotendeels niet meer zelf doen."
)


def test_motivering_maatwerk_path(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ops.record_pad(user("consulent"), hv, _pad(**HBH))
    assert ops.motivering_for_hulpvraag(hv) == MAATWERK_MOTIVERING


def test_motivering_algemene_voorziening_and_own_words(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    stappen = {
        "eigen_kracht": {"antwoord": "deels_toereikend", "toelichting": "meneer kookt nog zelf"},
        "netwerk": {"antwoord": "niet_toereikend", "toelichting": "geen familie in de buurt"},
        "voorliggend": {"antwoord": "niet_van_toepassing", "toelichting": "geen indicatie Wlz of Zvw"},
        "algemeen": {"antwoord": "toereikend", "toelichting": ""},
    }
    ops.record_pad(user("consulent"), hv, _pad("algemeen", stappen=stappen, algemeen_code="AV01",
                                                behoefte_code="dagbesteding",
                                                toelichting="we spreken af dat ik over drie maanden bel"))
    text = ops.motivering_for_hulpvraag(hv)
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("U heeft ons om hulp gevraagd bij: een zinvolle dagbesteding.")
    assert paragraphs[1] == ("Eigen kracht en gebruikelijke hulp. U kunt een deel zelf doen, of uw huisgenoten "
                             "kunnen een deel doen. Voor de rest is dat niet genoeg. Meneer kookt nog zelf.")
    assert paragraphs[4] == ("Algemene voorzieningen. Er is een algemene voorziening in de gemeente die u kan "
                             "helpen. Daarvoor heeft u geen beschikking nodig.")
    assert paragraphs[5] == ("Conclusie: Dagbesteding als algemene voorziening (inloop in het buurthuis) kan u "
                             "helpen. Dat is een algemene voorziening: u heeft er geen beschikking voor nodig.")
    assert paragraphs[6] == "We spreken af dat ik over drie maanden bel."


def test_motivering_afwijzing(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    stappen = {"eigen_kracht": {"antwoord": "toereikend", "toelichting": "Uw partner kan koken en schoonmaken"}}
    ops.record_pad(user("consulent"), hv, _pad("afwijzing", stappen=stappen,
                                                afwijzing_reden="het huishouden is gebruikelijke hulp van uw partner"))
    text = ops.motivering_for_hulpvraag(hv)
    assert text.endswith("Eigen kracht en gebruikelijke hulp. U kunt dit zelf oplossen, of samen met de mensen met "
                         "wie u samenwoont. Uw partner kan koken en schoonmaken.\n\nConclusie: u krijgt geen "
                         "maatwerkvoorziening. De reden is: Het huishouden is gebruikelijke hulp van uw partner.")


def test_beschikking_form_is_prefilled_with_the_motivering(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        make_indicatie(user("consulent"), hv)
        db.session.commit()
        hid, expected = hv.id, ops.motivering_for_hulpvraag(hv)
    page = unescape(_login(app, "consulent").get(f"/beschikkingen/nieuw/{hid}").get_data(as_text=True))
    assert expected in page.replace("\r\n", "\n")


# ------------------------------------------------------------------ versions

def test_path_edits_are_kept_as_versions(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ops.record_pad(user("consulent"), hv, _pad(**HBH))
    ops.record_pad(user("consulent"), hv, _pad(**{**HBH, "band": "zwaar"}))
    assert [a.versie for a in ops.history(hv)] == [2, 1]
    assert ops.current(hv).band == "zwaar"
    assert ops.history(hv)[1].band == "midden"


def test_decision_keeps_its_kader_version(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        ops.record_pad(user("consulent"), hv, _pad(**HBH))
        ind = make_indicatie(user("consulent"), hv)
        b = b_ops.create_concept(user("consulent"), hv, b_ops.Concept(
            BeschikkingSoort.TOEKENNING, [ind.id], ops.motivering_for_hulpvraag(hv)))
        b_ops.vastleggen(user("consulent"), b, today(), b.version)
        db.session.commit()
        hid, iid = hv.id, ind.id
        doc = ops.kader_in_force(gemeenten["9991"], today()).inhoud
    doc["stappen"][0]["teksten"]["niet_toereikend"] = "Nieuwe tekst van versie 2."
    web = _login(app, "beheer")
    url = f"/afweging/kader/nieuw/{gemeenten['9991']}"
    resp = web.post(url, {"ingangsdatum": today().isoformat(), "toelichting": "Nieuwe teksten",
                          "inhoud": json.dumps(doc)})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    with app.app_context():
        assert ops.kader_in_force(gemeenten["9991"], today()).versie == 2
        ind = db.session.get(Indicatie, iid)
        assert ind.status is IndicatieStatus.BESCHIKT
        assert ind.afweging.kader.versie == 1
        hv = db.session.get(Hulpvraag, hid)
        assert ops.current(hv).kader.versie == 1
        assert "Nieuwe tekst van versie 2." not in ops.motivering_for_hulpvraag(hv)
        assert b_ops.of_hulpvraag(hv)[0].motivering == MAATWERK_MOTIVERING
        # A new case is judged by version 2.
        other = _case(gemeenten["9991"])
        assert ops.record_pad(user("consulent"), other, _pad(**HBH)).kader.versie == 2
        assert "Nieuwe tekst van versie 2." in ops.motivering_for_hulpvraag(other)
        # Zuiderveen's kader is untouched.
        assert ops.kader_in_force(gemeenten["9992"], today()).versie == 1


# ------------------------------------------------------------------ freeze

def test_frozen_path_refuses_edits(app, app_ctx, team, gemeenten):
    hv = _case(gemeenten["9991"])
    ind = make_indicatie(user("consulent"), hv, "15A01", "Stichting Beschermd Thuis", volume="1", frequentie="1",
                         ingangsdatum=today(), einddatum=today() + timedelta(days=364))
    assert ind.hoog_impact
    assert ops.frozen_reason(hv) is None
    ind_ops.submit(user("consulent"), ind, ind.version)
    ind_ops.approve(user("tl2"), ind, ind.version)
    db.session.commit()
    before = _count(Afweging)
    with pytest.raises(DomainError, match=r"De afweging ligt daarmee vast en kan niet meer worden gewijzigd"):
        ops.record_pad(user("consulent"), hv, _pad(**HBH))
    assert _count(Afweging) == before


def test_frozen_path_over_http(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        ind = make_indicatie(user("consulent"), hv)
        b = b_ops.create_concept(user("consulent"), hv, b_ops.Concept(BeschikkingSoort.TOEKENNING, [ind.id], "M"))
        b_ops.vastleggen(user("consulent"), b, today(), b.version)
        db.session.commit()
        hid, before = hv.id, _count(Afweging)
    web = _login(app, "consulent")
    page = web.get(f"/afweging/hulpvraag/{hid}").get_data(as_text=True)
    assert "kan niet meer worden gewijzigd" in page and "Afweging opslaan" not in page
    resp = web.client.post(f"/afweging/hulpvraag/{hid}", data={
        "csrf_token": web.token("/"), "uitkomst": "afwijzing", "eigen_kracht_antwoord": "toereikend",
        "afwijzing_reden": "x"})
    assert resp.status_code == 422
    assert "kan niet meer worden gewijzigd" in unescape(resp.get_data(as_text=True))
    with app.app_context():
        assert _count(Afweging) == before


# ------------------------------------------------------------------ bad input

def test_missing_reason_is_a_dutch_error_and_nothing_is_lost(app, team, gemeenten):
    with app.app_context():
        hid = _case(gemeenten["9991"]).id
        db.session.commit()
    web = _login(app, "consulent")
    resp = web.post(f"/afweging/hulpvraag/{hid}", {
        "eigen_kracht_antwoord": "niet_toereikend", "eigen_kracht_toelichting": "",
        "netwerk_antwoord": "deels_toereikend", "netwerk_toelichting": "Buurvrouw doet boodschappen op dinsdag",
        "uitkomst": "opgelost"})
    page = unescape(resp.get_data(as_text=True))
    assert resp.status_code == 422
    assert "Schrijf op waarom 'eigen kracht en gebruikelijke hulp' niet (helemaal) genoeg is" in page
    assert "Buurvrouw doet boodschappen op dinsdag" in page
    resp = web.post(f"/afweging/hulpvraag/{hid}", {"eigen_kracht_antwoord": "onzin", "uitkomst": "maatwerk",
                                                    "producten": "XX999"})
    assert resp.status_code == 422
    page = unescape(resp.get_data(as_text=True))
    assert page.count("Kies een van de getoonde mogelijkheden.") >= 2 and "valid choice" not in page
    resp = web.post(f"/afweging/hulpvraag/{hid}", {"eigen_kracht_antwoord": "toereikend"})
    assert resp.status_code == 422 and "Kies de uitkomst van de afweging." in unescape(resp.get_data(as_text=True))
    with app.app_context():
        assert _count(Afweging) == 0
    ok = web.post(f"/afweging/hulpvraag/{hid}", {
        "eigen_kracht_antwoord": "niet_toereikend", "eigen_kracht_toelichting": "Kan niet meer lopen",
        "netwerk_antwoord": "toereikend", "netwerk_toelichting": "", "uitkomst": "opgelost"})
    assert ok.status_code == 302
    page = unescape(web.get(f"/afweging/hulpvraag/{hid}").get_data(as_text=True))
    assert "Familie, vrienden of buren kunnen u hierbij helpen." in page
    # With a behoefte chosen, the page shows what the gemeente does and does not offer.
    web.post(f"/afweging/hulpvraag/{hid}", {
        "eigen_kracht_antwoord": "niet_toereikend", "eigen_kracht_toelichting": "Kan niet meer lopen",
        "netwerk_antwoord": "toereikend", "uitkomst": "opgelost", "behoefte_code": "mobiliteit"})
    page = unescape(web.get(f"/afweging/hulpvraag/{hid}").get_data(as_text=True))
    assert "Niet:</strong> Hulpmiddelen die de zorgverzekering vergoedt, zoals een rollator of krukken" in page


# ------------------------------------------------------------------ the kader: who may publish

@pytest.mark.parametrize("role", ["consulent", "teamleider", "beleid", "auditor"])
def test_only_the_beheerder_publishes(app, as_role, gemeenten, role):
    with app.app_context():
        seed_catalogus()
        ops.seed_kaders()
        db.session.commit()
    b = as_role(role)
    url = f"/afweging/kader/nieuw/{gemeenten['9991']}"
    assert b.get(url).status_code == 403
    resp = b.client.post(url, data={"csrf_token": b.token("/"), "ingangsdatum": today().isoformat(),
                                    "toelichting": "x", "inhoud": json.dumps(K.standaard())})
    assert resp.status_code == 403
    with app.app_context():
        assert _count(Afwegingskader) == 2
        with pytest.raises(Exception) as exc:
            from tests.intake_helpers import user as get
            ops.publish_kader(get(role), gemeenten["9991"], today(), K.standaard(), "x")
        assert exc.value.__class__.__name__ == "Refused"


def test_beheerder_gets_dutch_errors_for_a_broken_kader(app, as_role, gemeenten):
    with app.app_context():
        seed_catalogus()
        ops.seed_kaders()
        db.session.commit()
    b = as_role("beheer")
    url = f"/afweging/kader/nieuw/{gemeenten['9991']}"
    assert b.get(url).status_code == 200
    resp = b.post(url, {"ingangsdatum": today().isoformat(), "toelichting": "x", "inhoud": "{kapot"})
    assert resp.status_code == 422 and "Het kader is geen geldige JSON: regel 1" in resp.get_data(as_text=True)
    doc = K.standaard()
    del doc["regels"]["wlz"]
    resp = b.post(url, {"ingangsdatum": today().isoformat(), "toelichting": "x", "inhoud": json.dumps(doc)})
    assert resp.status_code == 422
    assert "De harde regels wlz, jeugd_18 en volgorde horen er alle drie in" in unescape(resp.get_data(as_text=True))
    doc = K.standaard()
    doc["behoeften"][0]["banden"]["licht"]["producten"][0]["code"] = "99X99"
    resp = b.post(url, {"ingangsdatum": today().isoformat(), "toelichting": "x", "inhoud": json.dumps(doc)})
    assert "product 99X99 staat niet in de productcatalogus" in unescape(resp.get_data(as_text=True))
    with app.app_context():
        assert _count(Afwegingskader) == 2
    assert b.get("/afweging/kader").status_code == 200


# ------------------------------------------------------------------ signals

def _beschikt(ind: Indicatie) -> None:
    db.session.execute(sa.update(Indicatie).where(Indicatie.id == ind.id)
                       .values(status=IndicatieStatus.BESCHIKT, version=Indicatie.version + 1))
    db.session.flush()


def _texts(day: date) -> list[str]:
    return [f"{s.soort}:{s.inwoner.voornamen}" for s in signalen(user("consulent"), day)]


def test_signals_appear_on_the_right_dates(app, app_ctx, team, gemeenten):
    g = gemeenten["9991"]
    start = date(2026, 1, 5)
    # A youth with ambulant jeugdhulp, 18 on 15 March 2027.
    hv = _case(g, geboren=date(2009, 3, 15), wetten=("JW",), melddatum=start, voornamen="Achttien")
    _beschikt(make_indicatie(user("consulent"), hv, "45A48", "Jeugdzorg Horizon", ingangsdatum=date(2026, 1, 10),
                             einddatum=date(2027, 12, 31)))
    # A crisis placement since 10 February 2026.
    hv = _case(g, geboren=date(2015, 6, 1), wetten=("JW",), melddatum=start, voornamen="Crisis")
    _beschikt(make_indicatie(user("consulent"), hv, "46A01", "Jeugdzorg Horizon", volume="1", frequentie="1",
                             ingangsdatum=date(2026, 2, 10), einddatum=date(2026, 12, 31)))
    # A youth in verblijf, 16 on 20 August 2026.
    hv = _case(g, geboren=date(2010, 8, 20), wetten=("JW",), melddatum=start, voornamen="Zestien")
    _beschikt(make_indicatie(user("consulent"), hv, "43A01", "Jeugdzorg Horizon", volume="1", frequentie="1",
                             ingangsdatum=date(2026, 2, 1), einddatum=date(2026, 12, 31)))

    assert _texts(date(2026, 5, 9)) == []
    assert _texts(date(2026, 5, 10)) == ["crisis:Crisis"]
    assert _texts(date(2026, 5, 20)) == ["crisis:Crisis", "16:Zestien"]
    assert "16:Zestien" in _texts(date(2026, 9, 19))
    assert "16:Zestien" not in _texts(date(2026, 9, 20))
    assert "18:Achttien" not in _texts(date(2026, 9, 14))
    assert "18:Achttien" in _texts(date(2026, 9, 15))
    assert "18:Achttien" in _texts(date(2027, 3, 14))
    assert "18:Achttien" not in _texts(date(2027, 3, 15))
    # Care that has ended gives no signal; another consultant's cases are not on this list.
    assert "crisis:Crisis" not in _texts(date(2027, 1, 1))


def test_signal_on_the_werkvoorraad_page(app, team, gemeenten):
    with app.app_context():
        born = today() - timedelta(days=18 * 365 - 60)  # 18 in about two months
        hv = _case(gemeenten["9991"], geboren=born, wetten=("JW",), voornamen="Bijna")
        _beschikt(make_indicatie(user("consulent"), hv, "45A48", "Jeugdzorg Horizon",
                                 ingangsdatum=today() - timedelta(days=10), einddatum=today() + timedelta(days=200)))
        db.session.commit()
    page = _login(app, "consulent").get("/hulpvragen/werkvoorraad").get_data(as_text=True)
    assert "Signalen" in page and "Wordt 18 op" in page and "Bijna" in page


def test_path_and_publication_are_audited_and_the_form_shows_the_advice(app, team, gemeenten):
    from toegang.audit.models import AuditEvent

    with app.app_context():
        hv = _case(gemeenten["9991"])
        a = ops.record_pad(user("consulent"), hv, _pad(**HBH))
        ops.publish_kader(user("beheer"), gemeenten["9992"], today(), K.standaard(), "Zonder vrijstelling")
        db.session.commit()
        hid = hv.id
        events = {e.action: e for e in db.session.scalars(sa.select(AuditEvent))}
        assert events["record_afweging"].inwoner_id == hv.inwoner_id
        assert events["record_afweging"].details == {"hulpvraag_id": hv.id, "versie": a.versie, "kader_versie": 1,
                                                     "uitkomst": "maatwerk"}
        assert events["publish_afwegingskader"].details["versie"] == 2
    web = _login(app, "consulent")
    page = unescape(web.get(f"/indicaties/nieuw/{hid}").get_data(as_text=True))
    assert "Advies: 01A01 2 tot 4 per week." in page
    assert "Het normenkader adviseert hoogstens 4 uur per week." in page
    with app.app_context():
        views = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "view_afweging")).all()
        assert views == []
    assert web.get(f"/afweging/hulpvraag/{hid}").status_code == 200
    with app.app_context():
        view = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "view_afweging")).one()
        assert view.inwoner_id is not None and view.object_id == str(hid)


def test_signals_take_a_constant_number_of_queries(app, app_ctx, team, gemeenten):
    from sqlalchemy import event

    def add_youth(n: int) -> None:
        for i in range(n):
            hv = _case(gemeenten["9991"], geboren=date(2009, 3, 15), wetten=("JW",), melddatum=date(2026, 1, 5),
                       voornamen=f"Kind{i}")
            _beschikt(make_indicatie(user("consulent"), hv, "45A48", "Jeugdzorg Horizon",
                                     ingangsdatum=date(2026, 1, 10), einddatum=date(2027, 12, 31)))

    def count(day: date) -> tuple[int, int]:
        statements: list[str] = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        actor = user("consulent")
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            found = signalen(actor, day)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(found), len(statements)

    add_youth(2)
    few = count(date(2026, 10, 1))
    add_youth(4)
    many = count(date(2026, 10, 1))
    assert few[0] == 2 and many[0] == 6
    assert many[1] == few[1] <= 3


def test_indicatie_page_names_its_afweging_for_the_reviewer(app, team, gemeenten):
    with app.app_context():
        hv = _case(gemeenten["9991"])
        iid, hid = make_indicatie(user("consulent"), hv).id, hv.id
        db.session.commit()
    tl = _login(app, "tl2")
    page = unescape(tl.get(f"/indicaties/{iid}").get_data(as_text=True))
    assert "Versie 1: maatwerkvoorziening, band midden (afwegingskader versie 1)." in page
    assert tl.get(f"/afweging/hulpvraag/{hid}").status_code == 200
