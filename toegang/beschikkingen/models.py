"""Beschikkingen: the formal decision letters, immutable once issued.

After *vastleggen* a beschikking never changes: the operations refuse, and a database trigger
(created with the table, see ``immutability``) aborts any UPDATE or DELETE of an issued row on
SQLite and PostgreSQL alike. A correction is a new beschikking that refers to the old one.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.accounts.models import User
from toegang.beschikkingen.immutability import install as install_triggers
from toegang.db import Base, TimestampMixin, UTCDateTime, str_enum
from toegang.hulpvragen.models import Hulpvraag
from toegang.indicaties.models import Indicatie


class BeschikkingSoort(enum.Enum):
    TOEKENNING = "toekenning"
    GEDEELTELIJKE_TOEKENNING = "gedeeltelijke_toekenning"
    AFWIJZING = "afwijzing"
    WIJZIGING = "wijziging"
    BEEINDIGING = "beeindiging"

    @property
    def label(self) -> str:
        return {"toekenning": "Toekenning", "gedeeltelijke_toekenning": "Gedeeltelijke toekenning",
                "afwijzing": "Afwijzing", "wijziging": "Wijziging (herziening)",
                "beeindiging": "Beëindiging of intrekking"}[self.value]


class BeschikkingStatus(enum.Enum):
    CONCEPT = "concept"
    VASTGELEGD = "vastgelegd"


class IntrekkingsGrond(enum.Enum):
    """Wmo 2015 art. 2.3.10: when a decision may be revised or withdrawn."""

    ONJUISTE_GEGEVENS = "onjuiste_gegevens"
    NIET_MEER_NODIG = "niet_meer_nodig"
    NIET_MEER_TOEREIKEND = "niet_meer_toereikend"
    VOORWAARDEN = "voorwaarden"
    MISBRUIK = "misbruik"

    @property
    def label(self) -> str:
        return {
            "onjuiste_gegevens": "u heeft onjuiste of onvolledige gegevens gegeven",
            "niet_meer_nodig": "de voorziening is niet meer nodig",
            "niet_meer_toereikend": "de voorziening past niet meer bij uw situatie",
            "voorwaarden": "u houdt zich niet aan de voorwaarden",
            "misbruik": "de voorziening of het budget wordt niet gebruikt waarvoor het bedoeld is",
        }[self.value]


beschikking_indicatie = sa.Table(
    "beschikking_indicatie",
    Base.metadata,
    sa.Column("beschikking_id", sa.ForeignKey("beschikking.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("indicatie_id", sa.ForeignKey("indicatie.id"), primary_key=True),
)


class KenmerkTeller(Base):
    """Per gemeente and year the last kenmerk number issued (locked while a number is taken)."""

    __tablename__ = "kenmerk_teller"

    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), primary_key=True)
    jaar: Mapped[int] = mapped_column(primary_key=True)
    laatste: Mapped[int] = mapped_column(nullable=False, default=0)


class Beschikking(TimestampMixin, Base):
    __tablename__ = "beschikking"
    __table_args__ = (
        sa.CheckConstraint(
            "status <> 'vastgelegd' OR (kenmerk IS NOT NULL AND pdf IS NOT NULL AND sha256 IS NOT NULL "
            "AND verzenddatum IS NOT NULL AND vastgelegd_at IS NOT NULL AND vastgelegd_by_id IS NOT NULL)",
            name="vastgelegd_volledig"),
        sa.CheckConstraint("soort <> 'beeindiging' OR intrekkingsgrond IS NOT NULL", name="beeindiging_heeft_grond"),
        sa.CheckConstraint("motivering <> ''", name="motivering_verplicht"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    inwoner_id: Mapped[int] = mapped_column(sa.ForeignKey("inwoner.id"), nullable=False, index=True)
    soort: Mapped[BeschikkingSoort] = mapped_column(str_enum(BeschikkingSoort, "beschikking_soort"), nullable=False)
    status: Mapped[BeschikkingStatus] = mapped_column(str_enum(BeschikkingStatus, "beschikking_status"),
                                                      nullable=False, default=BeschikkingStatus.CONCEPT, index=True)
    kenmerk: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    onderwerp: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    motivering: Mapped[str] = mapped_column(sa.Text, nullable=False)
    intrekkingsgrond: Mapped[IntrekkingsGrond | None] = mapped_column(str_enum(IntrekkingsGrond, "intrekkingsgrond"))
    ingangsdatum_wijziging: Mapped[date | None] = mapped_column()
    verzenddatum: Mapped[date | None] = mapped_column()
    #: A correction refers to the beschikking it corrects (issued PDFs are never changed).
    corrigeert_id: Mapped[int | None] = mapped_column(sa.ForeignKey("beschikking.id"))
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    vastgelegd_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    vastgelegd_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: After the bewaartermijn the PDF is destroyed: emptied to zero bytes, with the SHA-256 kept.
    #: The only change the immutability triggers allow on an issued beschikking.
    pdf_vernietigd_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pdf_vernietigd_door_id: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    hulpvraag: Mapped[Hulpvraag] = relationship(lazy="joined", innerjoin=True)
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    vastgelegd_by: Mapped[User | None] = relationship(foreign_keys=[vastgelegd_by_id])
    corrigeert: Mapped[Beschikking | None] = relationship(remote_side=[id])
    indicaties: Mapped[list[Indicatie]] = relationship(secondary=beschikking_indicatie, lazy="selectin",
                                                       order_by="Indicatie.id")

install_triggers(Beschikking.__table__)


class BatchRun(Base):
    """One run of "issue all ready beschikkingen", with its progress for the page that watches it."""

    __tablename__ = "beschikking_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verzenddatum: Mapped[date] = mapped_column(nullable=False)
    total: Mapped[int] = mapped_column(nullable=False, default=0)
    done: Mapped[int] = mapped_column(nullable=False, default=0)
    issued: Mapped[int] = mapped_column(nullable=False, default=0)
    failed: Mapped[int] = mapped_column(nullable=False, default=0)
    #: [{"beschikking_id": …, "reden": …}] — no personal data, only ids and reasons.
    errors: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, nullable=False, default=list)
