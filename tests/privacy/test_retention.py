"""Bewaartermijn: the dry run names exactly the due residents; the run removes personal data and
PDFs, keeps what monitoring counts, leaves cases within their term alone, and is audited."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import PASSWORD, Browser
from tests.intake_helpers import make_hulpvraag, make_inwoner, user
from tests.privacy.helpers import GEHEIM, age_case, full_case
from toegang.accounts.roles import Role
from toegang.audit.models import AuditEvent
from toegang.audit.operations import verify_chain
from toegang.beschikkingen.models import Beschikking
from toegang.catalogus.models import Wijk
from toegang.catalogus.seed import seed_catalogus
from toegang.errors import DomainError, Refused
from toegang.extensions import db
from toegang.hulpvragen.models import Gesprek, Hulpvraag, Onderzoek, Verslag, ZrmScore
from toegang.indicaties.models import Indicatie
from toegang.inwoners.models import Contactpersoon, Inwoner
from toegang.inwoners.operations import today
from toegang.letters.render import sha256_hex
from toegang.privacy import retention


@pytest.fixture
def scenario(app, make_user, gemeenten):
    """Five residents in 9991 and one in 9992; only ``due`` has passed its term (Wmo: 10 years)."""
    make_user("consulent", Role.CONSULENT)
    make_user("consulent-zv", Role.CONSULENT, codes=("9992",))
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    with app.app_context():
        seed_catalogus()
        c = user("consulent")
        wijk = db.session.scalar(sa.select(Wijk).where(Wijk.gemeente_id == gemeenten["9991"]))
        ids = {}
        ids["due"] = full_case(c, gemeenten["9991"], wijk_id=wijk.id)
        age_case(ids["due"]["hulpvraag_id"], 11)
        # Jeugdwet: 15 years, so 11 years is not enough.
        ids["jeugd"] = full_case(c, gemeenten["9991"], wetten=("JW",))
        age_case(ids["jeugd"]["hulpvraag_id"], 11)
        # An old closed case, but a second case is still open.
        ids["open"] = full_case(c, gemeenten["9991"])
        age_case(ids["open"]["hulpvraag_id"], 11)
        make_hulpvraag(c, db.session.get(Inwoner, ids["open"]["inwoner_id"]), today())
        # Closed two years ago.
        ids["recent"] = full_case(c, gemeenten["9991"])
        age_case(ids["recent"]["hulpvraag_id"], 2)
        # Closed 11 years ago, but the voorziening ran until five years ago.
        ids["long"] = full_case(c, gemeenten["9991"])
        age_case(ids["long"]["hulpvraag_id"], 11, indicatie_einde=today() - timedelta(days=5 * 365))
        # Due, but in another gemeente than the beheerder's.
        ids["elders"] = full_case(user("consulent-zv"), gemeenten["9992"])
        age_case(ids["elders"]["hulpvraag_id"], 11)
        db.session.commit()
        return ids


def _monitoring_counts() -> dict[str, object]:
    """What monitoring counts: indicaties per wet and wijk, costs, clients per birth year, ZRM."""
    per_wet_wijk = Counter(db.session.execute(
        sa.select(Indicatie.wet, Inwoner.wijk_id, Indicatie.productcategorie, Indicatie.status)
        .join(Inwoner, Inwoner.id == Indicatie.inwoner_id)).all())
    return {
        "indicaties": per_wet_wijk,
        "kosten": db.session.scalar(sa.select(sa.func.sum(Indicatie.kosten_totaal_cents))),
        "geboortejaren": Counter(i.geboortedatum.year for i in db.session.scalars(sa.select(Inwoner))),
        "hulpvragen": Counter(db.session.execute(sa.select(Hulpvraag.status, Hulpvraag.afsluitreden,
                                                           Hulpvraag.melddatum, Hulpvraag.tevredenheid)).all()),
        "zrm": Counter(db.session.execute(sa.select(ZrmScore.domein, ZrmScore.score, ZrmScore.datum)).all()),
        "beschikkingen": Counter(db.session.execute(sa.select(Beschikking.soort, Beschikking.verzenddatum,
                                                              Beschikking.sha256)).all()),
    }


def test_dry_run_lists_exactly_the_due_residents(app, scenario):
    with app.app_context():
        due = retention.candidates(user("beheer"), today())
        assert [k.inwoner_id for k in due] == [scenario["due"]["inwoner_id"]]
        k = due[0]
        assert k.wetten == ("WMO",) and k.documenten == 2  # the verslag and the beschikking
        assert k.vervaldatum <= today()
        # A dry run changes nothing but is on record (once its request commits).
        assert db.session.get(Inwoner, k.inwoner_id).achternaam == "Bakker"
        db.session.commit()
        assert db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "view_retention")).one()


def test_run_removes_personal_data_and_keeps_what_monitoring_needs(app, scenario):
    with app.app_context():
        before = _monitoring_counts()
        untouched = {k: v for k, v in scenario.items() if k != "due"}
        snap = {k: _snapshot(v) for k, v in untouched.items()}
        b_id = scenario["due"]["beschikking_id"]
        sha_before = db.session.get(Beschikking, b_id).sha256
        result = retention.apply(user("beheer"), today())
        db.session.commit()
        assert result.inwoners == [scenario["due"]["inwoner_id"]] and result.documenten == 2

        inw = db.session.get(Inwoner, scenario["due"]["inwoner_id"])
        assert inw.geanonimiseerd_at is not None
        assert inw.naam == "Geanonimiseerd" and inw.bsn.startswith("X") and not inw.bsn[1:].startswith("9999")
        assert (inw.geboortedatum.month, inw.geboortedatum.day) == (1, 1) and inw.geboortedatum.year == 1950
        assert inw.straat == inw.postcode == inw.woonplaats == inw.telefoon == inw.email == ""
        assert inw.huisnummer is None and inw.wijk_id is not None
        assert not db.session.scalars(sa.select(Contactpersoon).where(Contactpersoon.inwoner_id == inw.id)).all()
        # The afwegingskader path keeps its answers (and outcome), loses the consultant's words.
        from toegang.afweging.models import Afweging

        paden = db.session.scalars(sa.select(Afweging).where(
            Afweging.hulpvraag_id == scenario["due"]["hulpvraag_id"])).all()
        assert paden and all(p.toelichting == p.toekomstplan == "" for p in paden)
        assert all(a["toelichting"] == "" and a["antwoord"] for p in paden for a in p.antwoorden.values())
        kept = db.session.scalars(sa.select(Afweging).where(Afweging.hulpvraag_id != scenario["due"]["hulpvraag_id"]))
        assert any(a["toelichting"] for p in kept for a in p.antwoorden.values())
        hv = db.session.get(Hulpvraag, scenario["due"]["hulpvraag_id"])
        assert hv.omschrijving == "" and hv.afsluitreden is not None and hv.tevredenheid == 8
        assert db.session.get(Gesprek, scenario["due"]["gesprek_id"]).notities == ""
        assert db.session.scalars(sa.select(Onderzoek).where(Onderzoek.hulpvraag_id == hv.id)).one().behoeften == ""
        ind = db.session.get(Indicatie, scenario["due"]["indicatie_id"])
        assert ind.doelen == "" and ind.kosten_totaal_cents > 0 and ind.volume > 0
        verslag = db.session.get(Verslag, scenario["due"]["verslag_id"])
        assert verslag.pdf == b"" and verslag.vernietigd_at and verslag.vernietigd_door_id == user("beheer").id
        b = db.session.get(Beschikking, b_id)
        assert b.pdf == b"" and b.sha256 == sha_before and b.pdf_vernietigd_at is not None
        assert b.pdf_vernietigd_door_id == user("beheer").id and GEHEIM not in b.motivering
        # No free text of the due resident survives anywhere in the database.
        assert not _tables_containing(GEHEIM, only_inwoner=inw.id)

        # Everyone else is untouched, and the numbers monitoring shows are the same.
        assert {k: _snapshot(v) for k, v in untouched.items()} == snap
        assert _monitoring_counts() == before
        # Audited: the run, the resident, each destroyed document; the chain is intact.
        actions = Counter(db.session.scalars(sa.select(AuditEvent.action)))
        assert actions["apply_retention"] == 1 and actions["anonymise_inwoner"] == 1
        assert actions["destroy_beschikking_pdf"] == 1 and actions["destroy_verslag"] == 1
        assert verify_chain() is None
        # A second run finds nobody.
        assert retention.candidates(user("beheer"), today()) == []


def _snapshot(ids: dict[str, int]) -> tuple:
    inw = db.session.get(Inwoner, ids["inwoner_id"])
    hv = db.session.get(Hulpvraag, ids["hulpvraag_id"])
    verslag = db.session.get(Verslag, ids["verslag_id"])
    b = db.session.get(Beschikking, ids["beschikking_id"]) if "beschikking_id" in ids else None
    return (inw.naam, inw.bsn, inw.geboortedatum, inw.telefoon, hv.omschrijving, sha256_hex(verslag.pdf),
            b and sha256_hex(b.pdf), len(inw.contactpersonen))


def _tables_containing(text: str, only_inwoner: int) -> list[str]:
    """Tables with a row of this resident's cases still holding ``text``."""
    found = []
    hv_ids = [h for h in db.session.scalars(sa.select(Hulpvraag.id).where(Hulpvraag.inwoner_id == only_inwoner))]
    for table in db.metadata.sorted_tables:
        if table.name.startswith("audit"):
            continue
        cols = [c for c in table.c if isinstance(c.type, sa.String | sa.Text) and not isinstance(c.type, sa.Enum)]
        scope = None
        if "inwoner_id" in table.c:
            scope = table.c.inwoner_id == only_inwoner
        elif "hulpvraag_id" in table.c:
            scope = table.c.hulpvraag_id.in_(hv_ids)
        if not cols or scope is None:
            continue
        hit = db.session.execute(sa.select(sa.func.count()).select_from(table).where(
            scope, sa.or_(*[c.contains(text) for c in cols]))).scalar()
        if hit:
            found.append(table.name)
    return found


def test_database_permits_only_the_destruction_of_an_issued_beschikking(app, scenario):
    table = Beschikking.__table__
    b_id = scenario["recent"]["beschikking_id"]
    with app.app_context():
        for values in ({"pdf": b""}, {"sha256": "0" * 64, "pdf": b"", "pdf_vernietigd_at": sa.func.now(),
                                      "pdf_vernietigd_door_id": 1},
                       {"pdf": b"x", "pdf_vernietigd_at": sa.func.now(), "pdf_vernietigd_door_id": 1}):
            with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
                db.session.execute(sa.update(table).where(table.c.id == b_id).values(**values))
        db.session.rollback()


def test_frozen_columns_cover_the_model():
    from toegang.beschikkingen.immutability import DESTRUCTION_COLUMNS, FROZEN_COLUMNS

    assert set(FROZEN_COLUMNS) | set(DESTRUCTION_COLUMNS) == set(Beschikking.__table__.c.keys())


def test_stale_dry_run_and_wrong_role_are_refused(app, scenario):
    with app.app_context():
        with pytest.raises(DomainError):
            retention.apply(user("beheer"), today(), verwacht=3)
        db.session.rollback()
        with pytest.raises(Refused):
            retention.candidates(user("consulent"), today())


def test_destroyed_documents_are_not_served(app, scenario):
    with app.app_context():
        retention.apply(user("beheer"), today())
        db.session.commit()
    b = Browser(app.test_client())
    b.login("consulent")
    ids = scenario["due"]
    resp = b.get(f"/beschikkingen/{ids['beschikking_id']}/beschikking.pdf")
    assert resp.status_code == 409 and "vernietigd" in resp.get_data(as_text=True)
    resp = b.get(f"/hulpvragen/{ids['hulpvraag_id']}/verslag/{ids['verslag_id']}.pdf")
    assert resp.status_code == 410


def test_page_dry_run_and_confirmed_run(app, scenario):
    b = Browser(app.test_client())
    b.login("beheer")
    page = b.get("/beheer/bewaartermijn").get_data(as_text=True)
    due_id = scenario["due"]["inwoner_id"]
    assert f"<td>{due_id}</td>" in page and "Bakker" not in page and "1 inwoner" in page
    # Without the confirmation nothing happens.
    resp = b.post("/beheer/bewaartermijn", {"verwacht": "1"})
    assert resp.status_code == 422 and "Bevestig" in resp.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Inwoner, due_id).geanonimiseerd_at is None
    # Nor with a wrong password (re-authentication, ASVS 3.7.1): refused, on record, nothing typed returned.
    resp = b.post("/beheer/bewaartermijn", {"verwacht": "1", "bevestig": "y", "wachtwoord": "raden-1234567"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Het wachtwoord klopt niet." in html and "raden-1234567" not in html
    with app.app_context():
        assert db.session.get(Inwoner, due_id).geanonimiseerd_at is None
        refused = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "apply_retention")).one()
        assert refused.reason == "wachtwoord ter bevestiging onjuist"
    resp = b.post("/beheer/bewaartermijn", {"verwacht": "1", "bevestig": "y", "wachtwoord": PASSWORD})
    assert resp.status_code == 302
    assert "1 inwoners geanonimiseerd, 2 documenten" in b.get("/beheer/bewaartermijn").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Inwoner, due_id).geanonimiseerd_at is not None


def test_cli_dry_run_and_run(app, scenario):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["apply-retention", "--gebruiker", "beheer", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"inwoner {scenario['due']['inwoner_id']}\t" in result.output and "1 inwoners" in result.output
    with app.app_context():
        assert db.session.get(Inwoner, scenario["due"]["inwoner_id"]).geanonimiseerd_at is None
    result = runner.invoke(args=["apply-retention", "--gebruiker", "beheer"])
    assert result.exit_code == 0 and "1 inwoners geanonimiseerd" in result.output
    result = runner.invoke(args=["apply-retention", "--gebruiker", "consulent", "--dry-run"])
    assert result.exit_code != 0


def test_residents_without_a_case_go_after_their_own_term(app, make_user, gemeenten):
    """No law keeps the record of a resident who never had a hulpvraag: it goes
    BEWAARTERMIJN_ZONDER_ZAAK_JAREN (2) after its last change — unless a housemate has a case."""
    from toegang.inwoners import operations as inw_ops
    from toegang.inwoners.models import HuishoudenRol

    make_user("consulent", Role.CONSULENT)
    make_user("consulent-zv", Role.CONSULENT, codes=("9992",))
    make_user("beheer", Role.FUNCTIONEEL_BEHEERDER)
    with app.app_context():
        c = user("consulent")
        old = make_inwoner(c, gemeenten["9991"], achternaam="Oud")
        elders = make_inwoner(user("consulent-zv"), gemeenten["9992"], achternaam="Elders")
        fresh = make_inwoner(c, gemeenten["9991"], achternaam="Nieuw")
        with_case = make_inwoner(c, gemeenten["9991"], achternaam="Aanvrager")
        make_hulpvraag(c, with_case, today())
        partner = make_inwoner(c, gemeenten["9991"], achternaam="Partner")
        inw_ops.create_huishouden_for(c, with_case, HuishoudenRol.OUDER)
        inw_ops.add_to_huishouden(c, with_case, partner, HuishoudenRol.PARTNER)
        db.session.commit()
        three_years_ago = sa.func.now() - sa.text("interval '3 years'") \
            if db.engine.dialect.name == "postgresql" else sa.func.datetime("now", "-3 years")
        table = Inwoner.__table__
        db.session.execute(sa.update(table).where(table.c.id.in_([old.id, partner.id, elders.id]))
                           .values(updated_at=three_years_ago))
        db.session.commit()
        due = retention.candidates(user("beheer"), today())
        assert [(k.inwoner_id, k.wetten, k.documenten) for k in due] == [(old.id, (), 0)]
        assert due[0].vervaldatum <= today()
        retention.apply(user("beheer"), today(), verwacht=1)
        db.session.commit()
        assert db.session.get(Inwoner, old.id).achternaam == retention.ANONIEME_ACHTERNAAM
        assert db.session.get(Inwoner, fresh.id).achternaam == "Nieuw"
        assert db.session.get(Inwoner, partner.id).achternaam == "Partner"
        # Another gemeente's resident is outside this beheerder's reach, however old the record.
        assert db.session.get(Inwoner, elders.id).achternaam == "Elders"
        assert not retention.candidates(user("beheer"), today())
