"""Inzage: what the municipality holds about one resident, and who viewed or changed it.

For the privacy officer (role ``auditor``: the FG or internal control, who already reads the
audit log) answering an AVG art. 15 request. The file comes from the case tables; the access
history is every audit event that names the resident (NEN 7513: who, what, when, result,
origin). Gesprekken marked *afgeschermd* (the safety of others is at stake, e.g. a Veilig
Thuis report; AVG art. 23 lid 1 onder i, art. 15 lid 4) are left out of the export: it says that
something was withheld and on what ground. The officer's page shows the recorded reason, the
export only the ground.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from toegang.accounts.roles import Role
from toegang.afweging.kader import ANTWOORDEN
from toegang.afweging.models import Afweging
from toegang.afweging.operations import history as afweging_history
from toegang.audit.models import AuditEvent
from toegang.audit.operations import record
from toegang.beschikkingen.models import Beschikking
from toegang.errors import Refusal, Refused
from toegang.extensions import db
from toegang.hulpvragen.models import Betrokkene, Gesprek, Grondslag, Hulpvraag, Onderzoek, Verslag, ZrmScore
from toegang.indicaties.models import Indicatie
from toegang.inwoners.models import Inwoner
from toegang.security import require_roles
from toegang.validation import normalise_bsn

AFSCHERMING_GROND = (
    "Een deel van uw dossier is niet opgenomen, omdat het gegevens bevat waarvan inzage de veiligheid of de "
    "rechten van anderen kan schaden (AVG artikel 15 lid 4 en artikel 23 lid 1 onder i). U kunt hierover "
    "contact opnemen met de functionaris gegevensbescherming."
)

#: Plain Dutch for the audit actions a resident sees in the access history.
ACTIES = {
    "create_inwoner": "persoonsgegevens vastgelegd",
    "update_inwoner": "persoonsgegevens gewijzigd",
    "view_inwoner": "dossier bekeken",
    "view_inwoner_for_edit": "dossier geopend om te wijzigen",
    "view_inwoner_in_zoekresultaat": "gevonden bij zoeken",
    "create_hulpvraag": "hulpvraag vastgelegd",
    "view_hulpvraag": "hulpvraag bekeken",
    "view_hulpvraag_for_edit": "hulpvraag geopend om te wijzigen",
    "record_gesprek": "gesprek vastgelegd",
    "view_zrm_historie": "zelfredzaamheidsscores bekeken",
    "create_indicatie": "voorstel voor een voorziening gemaakt",
    "view_indicatie": "voorziening bekeken",
    "approve_indicatie": "voorziening goedgekeurd",
    "issue_beschikking": "beschikking vastgelegd",
    "download_beschikking": "beschikking geopend",
    "download_verslag": "verslag geopend",
    "inzage_inwoner": "inzageverzoek behandeld",
    "anonymise_inwoner": "gegevens geanonimiseerd na de bewaartermijn",
    "destroy_beschikking_pdf": "beschikking vernietigd na de bewaartermijn",
    "destroy_verslag": "verslag vernietigd na de bewaartermijn",
}


@dataclass
class GesprekInzage:
    gesprek: Gesprek
    zrm: list[ZrmScore]


@dataclass
class HulpvraagInzage:
    hulpvraag: Hulpvraag
    grondslagen: list[Grondslag]
    betrokkenen: list[Betrokkene]
    gesprekken: list[GesprekInzage]
    onderzoek: Onderzoek | None
    verslagen: list[Verslag]
    indicaties: list[Indicatie]
    beschikkingen: list[Beschikking]
    #: Every recorded version of the afwegingskader path, newest first (the consultant's reasons
    #: about the resident are personal data too).
    afwegingen: list[Afweging] = field(default_factory=list)


@dataclass
class Inzage:
    inwoner: Inwoner
    hulpvragen: list[HulpvraagInzage]
    events: list[AuditEvent]
    afgeschermd: list[Gesprek] = field(default_factory=list)
    gemaakt_op: datetime | None = None

    @property
    def iets_achtergehouden(self) -> bool:
        return bool(self.afgeschermd)


def actie_label(action: str) -> str:
    return ACTIES.get(action, action.replace("_", " "))


def _refuse(actor: Any, inwoner: Inwoner | None, inwoner_id: int | None) -> None:
    if inwoner is None or inwoner.gemeente_id not in actor.gemeente_ids:
        raise Refused(Refusal("inzage_inwoner", "inwoner", inwoner_id, inwoner_id=inwoner.id if inwoner else None,
                              gemeente_id=inwoner.gemeente_id if inwoner else None, reason="buiten gemeente"),
                      message="Deze inwoner bestaat niet of valt buiten uw gemeenten.", status=404)


def find_by_bsn(actor: Any, bsn: str) -> int:
    """The internal number of the resident with this BSN (the BSN never goes into a URL or log)."""
    require_roles(actor, (Role.AUDITOR,), "inzage_zoeken")
    value = normalise_bsn(bsn)
    inwoner = db.session.scalar(sa.select(Inwoner).where(Inwoner.bsn == value))
    record("inzage_zoeken", details={"gevonden": inwoner is not None})
    _refuse(actor, inwoner, None)
    assert inwoner is not None
    return inwoner.id


def build(actor: Any, inwoner_id: int, *, export: bool = False) -> Inzage:
    """Everything held about the resident plus the audit events naming them (audited)."""
    require_roles(actor, (Role.AUDITOR,), "inzage_inwoner", object_type="inwoner", object_id=inwoner_id)
    inwoner = db.session.get(Inwoner, inwoner_id)
    _refuse(actor, inwoner, inwoner_id)
    assert inwoner is not None
    events = list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.inwoner_id == inwoner.id).order_by(AuditEvent.seq)))
    hulpvragen = []
    afgeschermd: list[Gesprek] = []
    for hv in db.session.scalars(sa.select(Hulpvraag).where(Hulpvraag.inwoner_id == inwoner.id)
                                 .order_by(Hulpvraag.melddatum, Hulpvraag.id)).unique():
        gesprekken = []
        for g in db.session.scalars(sa.select(Gesprek).where(Gesprek.hulpvraag_id == hv.id)
                                    .order_by(Gesprek.datum, Gesprek.id)):
            if g.afgeschermd:
                afgeschermd.append(g)
            gesprekken.append(GesprekInzage(g, list(g.zrm_scores)))
        onderzoek = hv.onderzoek
        hulpvragen.append(HulpvraagInzage(
            hulpvraag=hv,
            grondslagen=list(db.session.scalars(sa.select(Grondslag).where(Grondslag.hulpvraag_id == hv.id)
                                                .order_by(Grondslag.datum))),
            betrokkenen=list(db.session.scalars(sa.select(Betrokkene).where(Betrokkene.hulpvraag_id == hv.id)
                                                .order_by(Betrokkene.id))),
            gesprekken=gesprekken,
            onderzoek=onderzoek,
            verslagen=list(db.session.scalars(sa.select(Verslag).where(Verslag.onderzoek_id == onderzoek.id)
                                              .order_by(Verslag.id))) if onderzoek else [],
            indicaties=list(db.session.scalars(sa.select(Indicatie).where(Indicatie.hulpvraag_id == hv.id)
                                               .order_by(Indicatie.id)).unique()),
            beschikkingen=list(db.session.scalars(sa.select(Beschikking).where(Beschikking.hulpvraag_id == hv.id)
                                                  .order_by(Beschikking.id)).unique()),
            afwegingen=afweging_history(hv),
        ))
    result = Inzage(inwoner=inwoner, hulpvragen=hulpvragen, events=events, afgeschermd=afgeschermd)
    record("inzage_inwoner", object_type="inwoner", object_id=inwoner.id, inwoner_id=inwoner.id,
           gemeente_id=inwoner.gemeente_id,
           details={"export": export, "gebeurtenissen": len(events), "afgeschermd": len(afgeschermd)})
    return result


def render_export(inzage: Inzage, extra: dict[str, Any] | None = None) -> bytes:
    """The PDF for the resident (afgeschermde parts left out, the ground stated)."""
    from toegang.hulpvragen.verslag import ontvanger
    from toegang.inwoners.operations import today
    from toegang.letters.render import render_pdf

    inw = inzage.inwoner
    fake_hv = type("Ontvanger", (), {"inwoner": inw})()
    context = {
        "gemeente": inw.gemeente,
        "ontvanger": ontvanger(fake_hv),  # type: ignore[arg-type]
        "datum": today(),
        "kenmerk": f"INZ-{inw.id:06d}",
        "onderwerp": "Inzage in uw gegevens",
        "inzage": inzage,
        "grond": AFSCHERMING_GROND,
        "actie_label": actie_label,
        "antwoorden": ANTWOORDEN,
        **(extra or {}),
    }
    return render_pdf("privacy/inzage_letter.html", context, title=f"Inzage INZ-{inw.id:06d}",
                      subject="Inzage in persoonsgegevens (AVG artikel 15)")
