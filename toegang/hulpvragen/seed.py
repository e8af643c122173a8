"""Demo residents and hulpvragen in every state, with some deadlines overdue.

Deterministic (a fixed random seed, dates relative to today) and idempotent: it does nothing when
residents already exist. Everything goes through the real operations, as the consultant who did
it, so the audit log and the stored deadlines are exactly what the UI would have produced. The
BSNs are elfproef-valid numbers in the 9999xxxxx test range, never real people's.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import sqlalchemy as sa

from toegang.accounts.models import User
from toegang.audit.operations import acting_as
from toegang.catalogus.models import Huisarts, Wijk
from toegang.extensions import db
from toegang.gemeenten.models import Gemeente
from toegang.hulpvragen import operations as ops
from toegang.hulpvragen.models import Afsluitreden, BetrokkeneSoort, GrondslagSoort, Kanaal, Melder
from toegang.inwoners import operations as inw
from toegang.inwoners.models import ContactSoort, Geslacht, HuishoudenRol, Inwoner
from toegang.validation import demo_bsns

VOORNAMEN_V = ["Anna", "Fatima", "Johanna", "Maria", "Sanne", "Ayse", "Grietje", "Noor", "Lisa", "Wilhelmina",
               "Emma", "Sofia", "Ingrid", "Priya", "Marieke"]
VOORNAMEN_M = ["Jan", "Mohammed", "Pieter", "Kees", "Daan", "Youssef", "Hendrik", "Lucas", "Bram", "Willem",
               "Ahmet", "Sem", "Gerrit", "Rajesh", "Thijs"]
ACHTERNAMEN = [("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
               ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"), ("", "Bos"),
               ("", "Yılmaz"), ("El", "Amrani"), ("", "Hendriks"), ("van", "Dijk"), ("", "Kaya"), ("", "Peters")]
STRATEN = {"9991": ["Kerkstraat", "Molenweg", "Lindelaan", "Dorpsstraat", "Parklaan", "Beukenhof"],
           "9992": ["Veenweg", "Marktstraat", "Klaverlaan", "Turfstraat"]}
POSTCODE_BASIS = {"9991": 1234, "9992": 2345}
WOONPLAATS = {"9991": "Voorbeeld", "9992": "Zuiderveen"}

VRAGEN = [
    (("WMO",), ["instrumentele_adl", "lichamelijke_gezondheid"],
     "Mevrouw kan na een heupoperatie het huishouden niet meer zelf doen. Haar dochter woont ver weg."),
    (("WMO",), ["sociaal_netwerk", "geestelijke_gezondheid", "tijdsbesteding"],
     "Meneer is sinds het overlijden van zijn vrouw eenzaam en komt de dag niet goed door."),
    (("WMO",), ["basale_adl", "lichamelijke_gezondheid"],
     "Hulp nodig bij wassen en aankleden; de thuiszorg meldt dat de situatie achteruitgaat."),
    (("WMO",), ["huisvesting", "lichamelijke_gezondheid"],
     "De trap in huis is niet meer te doen. Vraag naar een traplift of verhuizing."),
    (("JW",), ["huiselijke_relaties", "geestelijke_gezondheid"],
     "Ouders maken zich zorgen over de woedeaanvallen van hun zoon (9); school heeft ook gesignaleerd."),
    (("JW",), ["geestelijke_gezondheid", "werk_opleiding"],
     "Dochter (15) gaat al maanden niet naar school en sluit zich op; huisarts verwijst."),
    (("JW", "WMO"), ["huiselijke_relaties", "financien", "geestelijke_gezondheid"],
     "Alleenstaande moeder met twee kinderen raakt overbelast; ook vragen over geldzaken."),
    (("PW",), ["werk_opleiding", "tijdsbesteding", "maatschappelijke_participatie"],
     "Meneer zit al lang thuis en wil weer meedoen; vraag naar een participatieplek of dagbesteding."),
    (("PW", "WMO"), ["financien", "werk_opleiding", "middelengebruik"],
     "Schulden, geen werk en alcoholgebruik; de wijkagent en de woningcorporatie maken zich zorgen."),
    (("WMO",), ["maatschappelijke_participatie", "lichamelijke_gezondheid"],
     "Mevrouw kan zich buitenshuis niet meer zelfstandig verplaatsen; vraag naar vervoer."),
]

#: (days since melding, target state) — a spread over the whole process, some terms overdue.
SCENARIOS: list[tuple[int, str]] = [
    (1, "gemeld"), (3, "gemeld"), (5, "gemeld"), (12, "gemeld"), (50, "gemeld"),
    (8, "in_onderzoek"), (20, "in_onderzoek"), (35, "in_onderzoek"), (47, "in_onderzoek"), (60, "in_onderzoek"),
    (40, "aanvraag"), (45, "aanvraag"), (55, "aanvraag"), (70, "aanvraag"), (30, "aanvraag_jeugd"),
    (25, "opgeschort"), (40, "verdaagd"),
    (90, "besloten"), (120, "besloten"),
    (100, "afgesloten_toegekend"), (150, "afgesloten_toegekend"), (30, "afgesloten_zonder_maatwerk"),
    (20, "afgesloten_doorverwezen"), (60, "afgesloten_ingetrokken"), (200, "afgesloten_afgewezen"),
]


def seed_intake() -> int:
    """Create the demo residents and cases; return how many hulpvragen were made (0 if present)."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Inwoner)):
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    gemeenten = {g.code: g for g in db.session.scalars(sa.select(Gemeente))}
    huisartsen = list(db.session.scalars(sa.select(Huisarts).where(Huisarts.active)))
    bsns = demo_bsns()
    today = inw.today()
    count = 0
    for i, (days_ago, scenario) in enumerate(SCENARIOS * 2):
        code = "9991" if i % 3 else "9992"
        owner_name = ("consulent", "consulent2", "teamleider")[i % 3] if code == "9991" else "consulent"
        owner = users.get(owner_name) or users["consulent"]
        wetten, domeinen, omschrijving = VRAGEN[i % len(VRAGEN)]
        if scenario == "aanvraag_jeugd":
            wetten, domeinen, omschrijving = VRAGEN[4]
        with acting_as(owner):
            inwoner = _resident(rng, bsns, owner, gemeenten[code], wetten, today)
            if i % 7 == 0:
                inw.add_contactpersoon(owner, inwoner, ContactSoort.MANTELZORGER, f"{rng.choice(VOORNAMEN_V)} "
                                       f"{inwoner.achternaam}", "dochter", telefoon="06 1234 5678")
            if "JW" in wetten and i % 2 == 0:
                _household(rng, bsns, owner, inwoner, today)
            _case(rng, owner, inwoner, wetten, domeinen, omschrijving, today - timedelta(days=days_ago), scenario,
                  huisartsen, today)
        count += 1
    return count


def _resident(rng: random.Random, bsns: Iterator[str], owner: User, gemeente: Gemeente, wetten: tuple[str, ...],
              today: date) -> Inwoner:
    vrouw = rng.random() < 0.55
    tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    if "JW" in wetten:
        geboren = today - timedelta(days=rng.randint(4 * 365, 17 * 365))
    elif "PW" in wetten:
        geboren = today - timedelta(days=rng.randint(22 * 365, 60 * 365))
    else:
        geboren = today - timedelta(days=rng.randint(60 * 365, 94 * 365))
    wijken = list(db.session.scalars(sa.select(Wijk).where(Wijk.gemeente_id == gemeente.id)))
    data = inw.InwonerGegevens(
        voornamen=rng.choice(VOORNAMEN_V if vrouw else VOORNAMEN_M), tussenvoegsel=tussenvoegsel,
        achternaam=achternaam, geboortedatum=geboren, geslacht=Geslacht.VROUW if vrouw else Geslacht.MAN,
        straat=rng.choice(STRATEN[gemeente.code]), huisnummer=rng.randint(1, 180),
        postcode=f"{POSTCODE_BASIS[gemeente.code] + rng.randint(0, 5)} {rng.choice(['AB', 'AC', 'BD', 'KL', 'TR'])}",
        woonplaats=WOONPLAATS[gemeente.code], wijk_id=rng.choice(wijken).id if wijken else None,
        telefoon=f"06 {rng.randint(10000000, 99999999)}",
    )
    inwoner = inw.create_inwoner(owner, gemeente.id, next(bsns), data)
    if "WMO" in wetten and rng.random() < 0.1:
        inw.set_wlz(owner, inwoner, True, today - timedelta(days=rng.randint(30, 700)), "CIZ-besluit")
    return inwoner


def _household(rng: random.Random, bsns: Iterator[str], owner: User, kind: Inwoner, today: date) -> None:
    ouder = inw.create_inwoner(owner, kind.gemeente_id, next(bsns), inw.InwonerGegevens(
        voornamen=rng.choice(VOORNAMEN_V), tussenvoegsel=kind.tussenvoegsel, achternaam=kind.achternaam,
        geboortedatum=today - timedelta(days=rng.randint(30 * 365, 48 * 365)), geslacht=Geslacht.VROUW,
        straat=kind.straat, huisnummer=kind.huisnummer, postcode=kind.postcode, woonplaats=kind.woonplaats,
        wijk_id=kind.wijk_id, telefoon=f"06 {rng.randint(10000000, 99999999)}"))
    inw.create_huishouden_for(owner, ouder, HuishoudenRol.OUDER)
    inw.add_to_huishouden(owner, ouder, kind, HuishoudenRol.KIND)


def _case(rng: random.Random, owner: User, inwoner: Inwoner, wetten: tuple[str, ...], domeinen: list[str],
          omschrijving: str, melddatum: date, scenario: str, huisartsen: list[Huisarts], today: date) -> None:
    verwezen = huisartsen and rng.random() < 0.4
    melding = ops.Melding(
        melddatum=melddatum, kanaal=Kanaal.VERWIJZING if verwezen else rng.choice(
            [Kanaal.LOKET, Kanaal.TELEFOON, Kanaal.EMAIL, Kanaal.BRIEF]),
        melder=Melder.VERWIJZER if verwezen else rng.choice([Melder.INWONER, Melder.MANTELZORGER]),
        omschrijving=omschrijving, wetten=list(wetten), levensdomeinen=domeinen,
        verwijzer_code="02" if verwezen else None,
        huisarts_id=rng.choice(huisartsen).id if verwezen else None, spoed=rng.random() < 0.08,
        consulent_id=owner.id,
    )
    hv = ops.create_hulpvraag(owner, inwoner, melding)
    ops.record_grondslag(owner, hv, GrondslagSoort.TOESTEMMING, melddatum,
                         "Onderzoek naar de hulpvraag en afstemming met betrokken professionals",
                         "Huisarts, wijkteam en de aanbieder die de ondersteuning gaat bieden")
    if scenario == "gemeld":
        return
    if scenario.startswith("afgesloten_zonder") or scenario.startswith("afgesloten_doorverwezen"):
        ops.start_onderzoek(owner, hv, melddatum + timedelta(days=2))
        _gesprek(rng, owner, hv, melddatum + timedelta(days=3))
        reden = (Afsluitreden.OPGELOST_ZONDER_MAATWERK if "zonder" in scenario else Afsluitreden.DOORVERWEZEN)
        ops.close(owner, hv, reden, min(today, melddatum + timedelta(days=14)), rng.randint(6, 9))
        return
    if scenario == "aanvraag_jeugd":
        ops.record_aanvraag(owner, hv, melddatum + timedelta(days=2))
        return
    days = (today - melddatum).days
    ops.start_onderzoek(owner, hv, melddatum + timedelta(days=min(3, days)))
    gesprek_dag = melddatum + timedelta(days=min(7, days))
    _gesprek(rng, owner, hv, gesprek_dag)
    ops.add_betrokkene(owner, hv, rng.choice([BetrokkeneSoort.HUISARTS, BetrokkeneSoort.WIJKVERPLEEGKUNDIGE,
                                              BetrokkeneSoort.SCHOOL]), "J. de Jong", "Gezondheidscentrum Centrum",
                       telefoon="014 0123")
    if scenario == "opgeschort" and "WMO" in wetten:
        ops.add_opschorting(owner, hv, today - timedelta(days=4), None,
                            "Wacht op medische informatie van de huisarts")
    if scenario in ("in_onderzoek", "opgeschort"):
        return
    if scenario == "afgesloten_ingetrokken":
        ops.close(owner, hv, Afsluitreden.INGETROKKEN, melddatum + timedelta(days=20), None)
        return
    ops.save_onderzoek(owner, hv, {
        "behoeften": "Wat de inwoner zelf vertelt over de situatie, de beperkingen en wat belangrijk is.",
        "eigen_kracht": "Wat de inwoner zelf kan en wat huisgenoten gebruikelijk doen.",
        "mantelzorg_netwerk": "De familie helpt waar het kan, maar is overbelast.",
        "algemene_voorzieningen": "Besproken: de welzijnsorganisatie en de boodschappendienst.",
        "conclusie": "De inwoner doet een aanvraag voor een maatwerkvoorziening.",
    }, None)
    afgerond = melddatum + timedelta(days=min(days - 1, 30))
    ops.complete_onderzoek(owner, hv, afgerond)
    aanvraag = afgerond if "WMO" in wetten else melddatum + timedelta(days=min(days - 1, 10))
    ops.record_aanvraag(owner, hv, max(aanvraag, afgerond))
    if scenario == "verdaagd":
        running = [d.effective for d in ops.deadlines(hv) if d.is_open]
        in_force = max(running) if running else None
        if in_force is not None and min(running) >= today:
            ops.add_verdaging(owner, hv, today, in_force + timedelta(days=28), "Advies van de GGD nodig")
        return
    if scenario == "aanvraag":
        return
    besluit = min(today, hv.aanvraag_datum + timedelta(days=10))
    ops.mark_besloten(owner, hv, besluit)
    if scenario == "besloten":
        return
    reden = Afsluitreden.AFGEWEZEN if scenario.endswith("afgewezen") else Afsluitreden.TOEGEKEND
    ops.close(owner, hv, reden, besluit, rng.choice([None, 6, 7, 7, 8, 8, 9]))


def _gesprek(rng: random.Random, owner: User, hv: object, dag: date) -> None:
    scores = {d: rng.randint(1, 5) for d in rng.sample(ops.ZRM_DOMEINEN, 5)}
    ops.record_gesprek(owner, hv, dag, "thuis", "De inwoner, een familielid en de consulent",  # type: ignore[arg-type]
                       "Keukentafelgesprek: de situatie thuis, wat goed gaat en wat niet.", scores)
