"""Hulpvragen (meldingen) with their grondslag, betrokkenen, gesprekken, ZRM scores, onderzoek,
opschortingen and verdagingen.

States are enums enforced by the database, and CHECK constraints tie each state to the columns it
needs (a closed case has a reason; an aanvraag has a date), so no code path can write a
half-finished state.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.accounts.models import User
from toegang.catalogus.models import Huisarts
from toegang.db import Base, TimestampMixin, UTCDateTime, str_enum
from toegang.inwoners.models import Inwoner


class HulpvraagStatus(enum.Enum):
    GEMELD = "gemeld"
    IN_ONDERZOEK = "in_onderzoek"
    AANVRAAG_ONTVANGEN = "aanvraag_ontvangen"
    BESLOTEN = "besloten"
    AFGESLOTEN = "afgesloten"

    @property
    def label(self) -> str:
        return {
            "gemeld": "Gemeld",
            "in_onderzoek": "In onderzoek",
            "aanvraag_ontvangen": "Aanvraag ontvangen",
            "besloten": "Besloten",
            "afgesloten": "Afgesloten",
        }[self.value]


class Afsluitreden(enum.Enum):
    OPGELOST_ZONDER_MAATWERK = "opgelost_zonder_maatwerk"
    DOORVERWEZEN = "doorverwezen"
    INGETROKKEN = "ingetrokken"
    AFGEWEZEN = "afgewezen"
    TOEGEKEND = "toegekend"

    @property
    def label(self) -> str:
        return {
            "opgelost_zonder_maatwerk": "Opgelost zonder maatwerk",
            "doorverwezen": "Doorverwezen",
            "ingetrokken": "Ingetrokken",
            "afgewezen": "Afgewezen",
            "toegekend": "Toegekend",
        }[self.value]


class Kanaal(enum.Enum):
    LOKET = "loket"
    TELEFOON = "telefoon"
    EMAIL = "email"
    BRIEF = "brief"
    VERWIJZING = "verwijzing"

    @property
    def label(self) -> str:
        return {"loket": "Loket", "telefoon": "Telefoon", "email": "E-mail", "brief": "Brief",
                "verwijzing": "Verwijzing"}[self.value]


class Melder(enum.Enum):
    INWONER = "inwoner"
    MANTELZORGER = "mantelzorger"
    VERWIJZER = "verwijzer"

    @property
    def label(self) -> str:
        return {"inwoner": "De inwoner zelf", "mantelzorger": "Een mantelzorger",
                "verwijzer": "Een verwijzer"}[self.value]


class GrondslagSoort(enum.Enum):
    TOESTEMMING = "toestemming"
    WETTELIJKE_TAAK = "wettelijke_taak"
    BEMOEIZORG = "bemoeizorg"
    DRANG = "drang"
    GEDWONGEN_KADER = "gedwongen_kader"

    @property
    def label(self) -> str:
        return {"toestemming": "Toestemming van de inwoner", "wettelijke_taak": "Wettelijke taak",
                "bemoeizorg": "Bemoeizorg", "drang": "Drang",
                "gedwongen_kader": "Gedwongen kader"}[self.value]


class BetrokkeneSoort(enum.Enum):
    HUISARTS = "huisarts"
    SCHOOL = "school"
    AANBIEDER = "aanbieder"
    WIJKVERPLEEGKUNDIGE = "wijkverpleegkundige"
    GI = "gi"
    CASUSREGISSEUR = "casusregisseur"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return {"huisarts": "Huisarts", "school": "School", "aanbieder": "Aanbieder",
                "wijkverpleegkundige": "Wijkverpleegkundige", "gi": "Gecertificeerde instelling",
                "casusregisseur": "Casusregisseur", "overig": "Overig"}[self.value]


class Hulpvraag(TimestampMixin, Base):
    """A melding: who asks, what, through which channel, under which law(s) — and its deadlines."""

    __tablename__ = "hulpvraag"
    __table_args__ = (
        sa.CheckConstraint("wet_wmo OR wet_jeugd OR wet_participatie", name="minstens_een_wet"),
        sa.CheckConstraint(
            "(status = 'afgesloten') = (afsluitreden IS NOT NULL AND afgesloten_op IS NOT NULL)",
            name="afgesloten_heeft_reden",
        ),
        sa.CheckConstraint(
            "status NOT IN ('aanvraag_ontvangen', 'besloten') OR aanvraag_datum IS NOT NULL",
            name="aanvraag_heeft_datum",
        ),
        sa.CheckConstraint("status <> 'besloten' OR besluit_datum IS NOT NULL", name="besloten_heeft_datum"),
        sa.CheckConstraint("huisarts_id IS NULL OR verwijzer_code = '02'", name="huisarts_alleen_bij_02"),
        sa.CheckConstraint("melder <> 'verwijzer' OR verwijzer_code IS NOT NULL", name="verwijzer_heeft_code"),
        sa.CheckConstraint("tevredenheid IS NULL OR (tevredenheid BETWEEN 1 AND 10)", name="tevredenheid_1_10"),
        sa.CheckConstraint("aanvraag_datum IS NULL OR aanvraag_datum >= melddatum", name="aanvraag_na_melding"),
        sa.Index("ix_hulpvraag_consulent_status", "consulent_id", "status"),
        # The werkvoorraad: one consultant's open cases in deadline order (see queries._deadline_order),
        # read straight off the index, so a page and its count stay cheap however many cases pile up.
        sa.Index("ix_hulpvraag_werkvoorraad", "consulent_id", "termijn_datum", "melddatum", "id",
                 postgresql_where=sa.text("status <> 'afgesloten'"), sqlite_where=sa.text("status <> 'afgesloten'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    inwoner_id: Mapped[int] = mapped_column(sa.ForeignKey("inwoner.id"), nullable=False, index=True)
    consulent_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    status: Mapped[HulpvraagStatus] = mapped_column(str_enum(HulpvraagStatus, "hulpvraag_status"),
                                                    nullable=False, default=HulpvraagStatus.GEMELD, index=True)
    afsluitreden: Mapped[Afsluitreden | None] = mapped_column(str_enum(Afsluitreden, "afsluitreden"))
    afgesloten_op: Mapped[date | None] = mapped_column()
    melddatum: Mapped[date] = mapped_column(nullable=False)
    kanaal: Mapped[Kanaal] = mapped_column(str_enum(Kanaal, "kanaal"), nullable=False)
    melder: Mapped[Melder] = mapped_column(str_enum(Melder, "melder"), nullable=False)
    melder_naam: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    #: COD327 verwijzer type ("02" = huisarts); with a huisarts also the individual practice.
    verwijzer_code: Mapped[str | None] = mapped_column(sa.String(2))
    huisarts_id: Mapped[int | None] = mapped_column(sa.ForeignKey("huisarts.id"), index=True)
    wet_wmo: Mapped[bool] = mapped_column(nullable=False, default=False)
    wet_jeugd: Mapped[bool] = mapped_column(nullable=False, default=False)
    wet_participatie: Mapped[bool] = mapped_column(nullable=False, default=False)
    omschrijving: Mapped[str] = mapped_column(sa.Text, nullable=False)
    spoed: Mapped[bool] = mapped_column(nullable=False, default=False)
    onderzoek_gestart_op: Mapped[date | None] = mapped_column()
    persoonlijk_plan_ontvangen_op: Mapped[date | None] = mapped_column()
    clientondersteuning_aangeboden_op: Mapped[date | None] = mapped_column()
    aanvraag_datum: Mapped[date | None] = mapped_column()
    besluit_datum: Mapped[date | None] = mapped_column()
    #: The nearest open statutory deadline, kept current by the operations that change its inputs
    #: (see ``termijnen``), so werkvoorraad lists sort and paginate in SQL. NULL: none running
    #: (no open term, or the term is suspended).
    termijn_datum: Mapped[date | None] = mapped_column(index=True)
    termijn_soort: Mapped[str | None] = mapped_column(sa.String(20))
    #: The effective last day of the onderzoek term and of the beslistermijn (after opschorting,
    #: verdaging and the Algemene termijnenwet) for the law monitoring files the case under, kept
    #: up to date by ``operations.refresh_termijn``: monitoring counts "past the legal term" in SQL
    #: with the same rules as the werkvoorraad.
    onderzoek_uiterlijk: Mapped[date | None] = mapped_column()
    beslis_uiterlijk: Mapped[date | None] = mapped_column()
    #: The resident's satisfaction (1-10), asked when the case is closed; feeds monitoring.
    tevredenheid: Mapped[int | None] = mapped_column()
    #: Optimistic locking: a form saved against an older version is refused, not silently merged.
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    inwoner: Mapped[Inwoner] = relationship(lazy="joined", innerjoin=True)
    consulent: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    huisarts: Mapped[Huisarts | None] = relationship()
    levensdomein_rows: Mapped[list[HulpvraagLevensdomein]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="HulpvraagLevensdomein.domein"
    )
    onderzoek: Mapped[Onderzoek | None] = relationship(back_populates="hulpvraag", uselist=False)
    opschortingen: Mapped[list[Opschorting]] = relationship(order_by="Opschorting.start", lazy="selectin")
    verdagingen: Mapped[list[Verdaging]] = relationship(order_by="Verdaging.mededeling_datum", lazy="selectin")

    @property
    def wetten(self) -> list[str]:
        return [code for code, on in (("WMO", self.wet_wmo), ("JW", self.wet_jeugd),
                                      ("PW", self.wet_participatie)) if on]

    @property
    def levensdomeinen(self) -> list[str]:
        return [r.domein for r in self.levensdomein_rows]


class HulpvraagLevensdomein(Base):
    __tablename__ = "hulpvraag_levensdomein"

    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id", ondelete="CASCADE"), primary_key=True)
    #: A code of the ``levensdomein`` reference list (the 13 ZRM domains).
    domein: Mapped[str] = mapped_column(sa.String(40), primary_key=True)


class Grondslag(TimestampMixin, Base):
    """The legal ground for processing the resident's data, recorded before anything is shared."""

    __tablename__ = "grondslag"
    __table_args__ = (
        sa.CheckConstraint(
            "soort <> 'toestemming' OR (reikwijdte <> '' AND ontvangers <> '')", name="toestemming_volledig"
        ),
        sa.CheckConstraint("soort NOT IN ('bemoeizorg', 'drang', 'gedwongen_kader') OR reden <> ''",
                           name="reden_bij_zonder_toestemming"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    soort: Mapped[GrondslagSoort] = mapped_column(str_enum(GrondslagSoort, "grondslag_soort"), nullable=False)
    datum: Mapped[date] = mapped_column(nullable=False)
    reikwijdte: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    ontvangers: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    ingetrokken_op: Mapped[date | None] = mapped_column()
    vastgelegd_door_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)

    vastgelegd_door: Mapped[User] = relationship()


class Betrokkene(TimestampMixin, Base):
    """A professional involved with the resident, so they can find each other quickly."""

    __tablename__ = "betrokkene"

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    soort: Mapped[BetrokkeneSoort] = mapped_column(str_enum(BetrokkeneSoort, "betrokkene_soort"), nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    organisatie: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    telefoon: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="")
    email: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    rol: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")


class Gesprek(TimestampMixin, Base):
    """A keukentafelgesprek (or other conversation) with the resident."""

    __tablename__ = "gesprek"

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    datum: Mapped[date] = mapped_column(nullable=False)
    locatie: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    deelnemers: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    notities: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: Afgeschermd: the notes hold what would endanger others if the resident saw them (e.g. a
    #: Veilig Thuis report); an inzage leaves them out and says why (``afscherming_reden``).
    afgeschermd: Mapped[bool] = mapped_column(nullable=False, default=False, server_default=sa.false())
    afscherming_reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="", server_default="")
    consulent_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)

    consulent: Mapped[User] = relationship()
    zrm_scores: Mapped[list[ZrmScore]] = relationship(back_populates="gesprek", order_by="ZrmScore.domein")


class ZrmScore(Base):
    """One Zelfredzaamheid-Matrix score: a domain scored 1-5 on a date by an assessor.

    Scores belong to the resident (progress shows across cases); the gesprek says where it was
    scored.
    """

    __tablename__ = "zrm_score"
    __table_args__ = (
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_1_5"),
        sa.UniqueConstraint("gesprek_id", "domein"),
        sa.Index("ix_zrm_score_inwoner_domein_datum", "inwoner_id", "domein", "datum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inwoner_id: Mapped[int] = mapped_column(sa.ForeignKey("inwoner.id"), nullable=False)
    gesprek_id: Mapped[int] = mapped_column(sa.ForeignKey("gesprek.id"), nullable=False)
    domein: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    score: Mapped[int] = mapped_column(nullable=False)
    datum: Mapped[date] = mapped_column(nullable=False)
    assessor_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)

    gesprek: Mapped[Gesprek] = relationship(back_populates="zrm_scores")
    assessor: Mapped[User] = relationship()


class Onderzoek(TimestampMixin, Base):
    """The onderzoek of Wmo art. 2.3.2 lid 4, in its structured sections, and its verslag."""

    __tablename__ = "onderzoek"
    __table_args__ = (
        sa.CheckConstraint("verslag_verzonden_op IS NULL OR afgerond_op IS NOT NULL",
                           name="verslag_na_afronding"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), unique=True, nullable=False)
    behoeften: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    eigen_kracht: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    mantelzorg_netwerk: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    ondersteuning_mantelzorger: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    algemene_voorzieningen: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    samenwerking: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    eigen_bijdrage: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    conclusie: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    afgerond_op: Mapped[date | None] = mapped_column()
    verslag_verzonden_op: Mapped[date | None] = mapped_column()
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    hulpvraag: Mapped[Hulpvraag] = relationship(back_populates="onderzoek")


class Verslag(Base):
    """A verslag as sent to the resident: the PDF is kept unchanged, with its SHA-256."""

    __tablename__ = "verslag"

    id: Mapped[int] = mapped_column(primary_key=True)
    onderzoek_id: Mapped[int] = mapped_column(sa.ForeignKey("onderzoek.id"), nullable=False, index=True)
    verzonden_op: Mapped[date] = mapped_column(nullable=False)
    #: Deferred: the case page lists a case's verslagen; only the download reads the PDF itself.
    pdf: Mapped[bytes] = mapped_column(sa.LargeBinary, nullable=False, deferred=True)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    #: After the bewaartermijn the PDF is destroyed (emptied); the hash stays as evidence of what
    #: was sent. ``vernietigd_door_id`` is a plain id, like the audit log's actor.
    vernietigd_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    vernietigd_door_id: Mapped[int | None] = mapped_column()


class Opschorting(Base):
    """Awb 4:15: the term is suspended while the applicant completes the aanvraag."""

    __tablename__ = "opschorting"
    __table_args__ = (sa.CheckConstraint("eind IS NULL OR eind >= start", name="eind_na_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    start: Mapped[date] = mapped_column(nullable=False)
    eind: Mapped[date | None] = mapped_column()
    reden: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)


class Verdaging(Base):
    """Awb 4:14: the applicant was told in time that the decision will be late, and until when."""

    __tablename__ = "verdaging"
    __table_args__ = (sa.CheckConstraint("nieuwe_datum > mededeling_datum", name="nieuwe_datum_later"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    mededeling_datum: Mapped[date] = mapped_column(nullable=False)
    nieuwe_datum: Mapped[date] = mapped_column(nullable=False)
    reden: Mapped[str] = mapped_column(sa.Text, nullable=False)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
