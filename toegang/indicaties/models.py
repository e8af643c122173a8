"""Indicaties, their four-eyes review history, and the versioned impact policy.

The four-eyes rule is enforced in three layers: the operations refuse, the approving UPDATE is a
single conditional statement (so concurrent approvals cannot both win), and CHECK constraints make
an approval by its own submitter, or an approval without approver, time and snapshot, impossible
to store at all.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.accounts.models import User
from toegang.afweging.models import Afweging
from toegang.catalogus.models import Aanbieder, Product
from toegang.db import Base, TimestampMixin, UTCDateTime, str_enum
from toegang.hulpvragen.models import Hulpvraag


class IndicatieStatus(enum.Enum):
    CONCEPT = "concept"
    TER_BEOORDELING = "ter_beoordeling"
    TERUGGESTUURD = "teruggestuurd"
    GOEDGEKEURD = "goedgekeurd"
    BESCHIKT = "beschikt"
    BEEINDIGD = "beeindigd"

    @property
    def label(self) -> str:
        return {"concept": "Concept", "ter_beoordeling": "Ter beoordeling", "teruggestuurd": "Teruggestuurd",
                "goedgekeurd": "Goedgekeurd", "beschikt": "Beschikt", "beeindigd": "Beëindigd"}[self.value]


class Leveringsvorm(enum.Enum):
    ZIN = "ZIN"
    PGB = "PGB"

    @property
    def label(self) -> str:
        return {"ZIN": "Zorg in natura", "PGB": "Persoonsgebonden budget"}[self.value]


class Nacontrole(enum.Enum):
    """Review after the fact of a spoed indicatie issued without prior approval (Wmo 2.3.3)."""

    GEEN = "geen"
    OPEN = "open"
    AKKOORD = "akkoord"
    NIET_AKKOORD = "niet_akkoord"


class ReviewActie(enum.Enum):
    INGEDIEND = "ingediend"
    GOEDGEKEURD = "goedgekeurd"
    TERUGGESTUURD = "teruggestuurd"
    VERVALLEN = "vervallen"
    SPOED = "spoed"
    NACONTROLE_AKKOORD = "nacontrole_akkoord"
    NACONTROLE_NIET_AKKOORD = "nacontrole_niet_akkoord"

    @property
    def label(self) -> str:
        return {
            "ingediend": "Ingediend ter beoordeling", "goedgekeurd": "Goedgekeurd", "teruggestuurd": "Teruggestuurd",
            "vervallen": "Goedkeuring vervallen door wijziging", "spoed": "Spoedindicatie zonder voorafgaande toets",
            "nacontrole_akkoord": "Nacontrole: akkoord", "nacontrole_niet_akkoord": "Nacontrole: niet akkoord",
        }[self.value]


class ImpactBeleid(Base):
    """A version of the impact policy: which indicaties need four eyes.

    Published versions are never changed; the functioneel beheerder publishes a new version and
    every indicatie records which version judged it.
    """

    __tablename__ = "impact_beleid"
    __table_args__ = (sa.UniqueConstraint("versie"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    versie: Mapped[int] = mapped_column(nullable=False)
    ingangsdatum: Mapped[date] = mapped_column(nullable=False)
    #: The rule settings, validated by ``impact.ImpactRegels``.
    regels: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    toelichting: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    published_by: Mapped[User | None] = relationship()


class Indicatie(TimestampMixin, Base):
    """A proposed or decided voorziening: product, omvang, period, leveringsvorm, costs."""

    __tablename__ = "indicatie"
    __table_args__ = (
        sa.CheckConstraint("volume > 0", name="volume_positief"),
        sa.CheckConstraint("einddatum IS NULL OR einddatum >= ingangsdatum", name="einde_na_begin"),
        # iWmo 3.2: with frequentie "per week" an einddatum is mandatory.
        sa.CheckConstraint("frequentie <> '2' OR einddatum IS NOT NULL", name="per_week_heeft_einddatum"),
        sa.CheckConstraint("leveringsvorm <> 'PGB' OR pgb_budget_cents > 0", name="pgb_heeft_budget"),
        sa.CheckConstraint("leveringsvorm <> 'ZIN' OR aanbieder_id IS NOT NULL", name="zin_heeft_aanbieder"),
        sa.CheckConstraint("(product_id IS NOT NULL) <> (maatwerk_omschrijving <> '')",
                           name="product_of_maatwerk"),
        sa.CheckConstraint("product_id IS NOT NULL OR (maatwerk_budget_cents > 0 AND maatwerk_rechtvaardiging <> '')",
                           name="maatwerk_volledig"),
        # Four eyes in the schema: an approval names its approver, time and snapshot, and the
        # approver is never the submitter or the author.
        sa.CheckConstraint(
            "status NOT IN ('goedgekeurd') OR (approved_by_id IS NOT NULL AND approved_at IS NOT NULL "
            "AND approval_hash IS NOT NULL)", name="goedkeuring_volledig"),
        sa.CheckConstraint("approved_by_id IS NULL OR approved_by_id <> submitted_by_id", name="niet_eigen_indiening"),
        sa.CheckConstraint("approved_by_id IS NULL OR approved_by_id <> created_by_id", name="niet_eigen_voorstel"),
        sa.CheckConstraint("status <> 'ter_beoordeling' OR submitted_by_id IS NOT NULL",
                           name="indiening_heeft_indiener"),
        sa.CheckConstraint("status <> 'beeindigd' OR (reden_beeindiging IS NOT NULL AND beeindigd_op IS NOT NULL)",
                           name="beeindiging_volledig"),
        sa.Index("ix_indicatie_status_submitted", "status", "submitted_at"),
        # The werkvoorraad's signals: a consultant's running Jeugdwet indicaties, found per case.
        sa.Index("ix_indicatie_wet_status_hulpvraag", "wet", "status", "hulpvraag_id"),
        # The teamleider's queue count (on every page she opens): awaiting review OR nacontrole open;
        # with this beside ix_indicatie_status_submitted PostgreSQL answers the OR from two indexes.
        sa.Index("ix_indicatie_nacontrole", "nacontrole"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    inwoner_id: Mapped[int] = mapped_column(sa.ForeignKey("inwoner.id"), nullable=False, index=True)
    status: Mapped[IndicatieStatus] = mapped_column(str_enum(IndicatieStatus, "indicatie_status"), nullable=False,
                                                    default=IndicatieStatus.CONCEPT)
    wet: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    productcategorie: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    product_id: Mapped[int | None] = mapped_column(sa.ForeignKey("product.id"), index=True)
    #: Maatwerk buiten de catalogus ("systeemfalen"): described, budgeted and justified.
    maatwerk_omschrijving: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    maatwerk_budget_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    maatwerk_rechtvaardiging: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    volume: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), nullable=False)
    eenheid: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    frequentie: Mapped[str] = mapped_column(sa.String(1), nullable=False)
    ingangsdatum: Mapped[date] = mapped_column(nullable=False)
    einddatum: Mapped[date | None] = mapped_column()
    leveringsvorm: Mapped[Leveringsvorm] = mapped_column(str_enum(Leveringsvorm, "leveringsvorm"), nullable=False)
    aanbieder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aanbieder.id"), index=True)
    pgb_budget_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    #: Wmo 2.3.6: why a pgb — the resident can manage it, motivates the wish, quality is assured.
    pgb_motivering: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    doelen: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    resultaat: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    kosten_totaal_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    kosten_12m_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)
    #: Deviation from the afwegingskader band, with the consultant's written reason.
    afwijking_reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: The afweging (path version, and through it the kader version) this indicatie was proposed under.
    afweging_id: Mapped[int | None] = mapped_column(sa.ForeignKey("afweging.id"), index=True)
    spoed: Mapped[bool] = mapped_column(nullable=False, default=False)
    nacontrole: Mapped[Nacontrole] = mapped_column(str_enum(Nacontrole, "nacontrole"), nullable=False,
                                                   default=Nacontrole.GEEN)
    hoog_impact: Mapped[bool] = mapped_column(nullable=False, default=False)
    impact_redenen: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    impact_beleid_id: Mapped[int | None] = mapped_column(sa.ForeignKey("impact_beleid.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SHA-256 of the decisive fields when approved; an edit changes the fields and voids it.
    approval_hash: Mapped[str | None] = mapped_column(sa.String(64))
    reden_beeindiging: Mapped[str | None] = mapped_column(sa.String(2))
    beeindigd_op: Mapped[date | None] = mapped_column()
    version: Mapped[int] = mapped_column(nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    hulpvraag: Mapped[Hulpvraag] = relationship(lazy="joined", innerjoin=True)
    product: Mapped[Product | None] = relationship(lazy="joined")
    aanbieder: Mapped[Aanbieder | None] = relationship(lazy="joined")
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    impact_beleid: Mapped[ImpactBeleid | None] = relationship()
    afweging: Mapped[Afweging | None] = relationship()
    reviews: Mapped[list[IndicatieReview]] = relationship(order_by="IndicatieReview.id", back_populates="indicatie")

    @property
    def naam(self) -> str:
        return self.product.naam if self.product else self.maatwerk_omschrijving


class IndicatieEditor(Base):
    """Everyone who created or changed an indicatie: none of them may approve it."""

    __tablename__ = "indicatie_editor"

    indicatie_id: Mapped[int] = mapped_column(sa.ForeignKey("indicatie.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), primary_key=True)


class IndicatieReview(Base):
    """Append-only history of submissions, approvals, returns and voided approvals."""

    __tablename__ = "indicatie_review"
    __table_args__ = (
        sa.CheckConstraint("actie NOT IN ('teruggestuurd', 'nacontrole_niet_akkoord') OR reden <> ''",
                           name="terugsturen_met_reden"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicatie_id: Mapped[int] = mapped_column(sa.ForeignKey("indicatie.id"), nullable=False, index=True)
    actie: Mapped[ReviewActie] = mapped_column(str_enum(ReviewActie, "review_actie"), nullable=False)
    door_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    op: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    snapshot_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False)

    indicatie: Mapped[Indicatie] = relationship(back_populates="reviews")
    door: Mapped[User] = relationship()
