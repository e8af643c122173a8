"""Reference code lists (iWmo/iJw) and the wijken/kernen of each gemeente."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.db import Base, TimestampMixin
from toegang.gemeenten.models import Gemeente


class ReferenceCode(Base):
    """One code of a national code list (e.g. list ``wmo_productcategorie``, code ``02``).

    The lists ship as data files in the package (``catalogus/data``) and are loaded by
    ``flask load-reference-data``; code elsewhere refers to them by list name and code.
    """

    __tablename__ = "reference_code"
    __table_args__ = (sa.UniqueConstraint("list_name", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(sa.String(40), nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(40), nullable=False)
    label: Mapped[str] = mapped_column(sa.String(200), nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    sort_order: Mapped[int] = mapped_column(nullable=False, default=0)


class Wijk(TimestampMixin, Base):
    """A wijk or kern of a gemeente: the area dimension of monitoring and of the loket's teams."""

    __tablename__ = "wijk"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    code: Mapped[str] = mapped_column(sa.String(10), nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    soort: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="wijk")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    gemeente: Mapped[Gemeente] = relationship(lazy="joined")


class Huisarts(TimestampMixin, Base):
    """A huisartspraktijk, so referrals can be counted per individual practice (DOMAIN §3.1)."""

    __tablename__ = "huisarts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: AGB-code of the practice: 8 digits, unique.
    agb_code: Mapped[str] = mapped_column(sa.String(8), unique=True, nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    plaats: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    active: Mapped[bool] = mapped_column(nullable=False, default=True)


product_frequentie = sa.Table(
    "product_frequentie",
    Base.metadata,
    sa.Column("product_id", sa.ForeignKey("product.id", ondelete="CASCADE"), primary_key=True),
    #: A code of the ``frequentie`` list (WMO757): 1 per dag, 2 per week, 4 per maand, 6 totaal.
    sa.Column("frequentie", sa.String(1), primary_key=True),
)

aanbieder_product = sa.Table(
    "aanbieder_product",
    Base.metadata,
    sa.Column("aanbieder_id", sa.ForeignKey("aanbieder.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("product_id", sa.ForeignKey("product.id"), primary_key=True),
)

EENHEID_LABELS = {"01": "minuut", "04": "uur", "14": "etmaal", "16": "dagdeel", "82": "stuk", "83": "euro",
                  "84": "keer"}


class Product(TimestampMixin, Base):
    """A product of the regional contracts, shared by the gemeenten the installation serves."""

    __tablename__ = "product"
    __table_args__ = (
        sa.CheckConstraint("length(productcode) = 5", name="productcode_5_tekens"),
        sa.CheckConstraint("wet IN ('WMO', 'JW', 'PW')", name="wet_bekend"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    productcode: Mapped[str] = mapped_column(sa.String(5), unique=True, nullable=False)
    wet: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    productcategorie: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    #: A code of the ``eenheid`` list (WJ756).
    eenheid: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    frequentie_rows: Mapped[list[ProductFrequentieRow]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ProductFrequentieRow.frequentie")
    tarieven: Mapped[list[Tarief]] = relationship(lazy="selectin", order_by="Tarief.geldig_van",
                                                  back_populates="product")

    @property
    def frequentie_codes(self) -> list[str]:
        return [r.frequentie for r in self.frequentie_rows]

    @property
    def eenheid_label(self) -> str:
        return EENHEID_LABELS.get(self.eenheid, self.eenheid)


class ProductFrequentieRow(Base):
    __table__ = product_frequentie


class Tarief(Base):
    """The price per eenheid in a period; tariffs change per 1 January without touching the past."""

    __tablename__ = "tarief"
    __table_args__ = (
        sa.CheckConstraint("bedrag_cents > 0", name="bedrag_positief"),
        sa.CheckConstraint("geldig_tot IS NULL OR geldig_tot >= geldig_van", name="periode_geldig"),
        sa.UniqueConstraint("product_id", "geldig_van"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("product.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    bedrag_cents: Mapped[int] = mapped_column(nullable=False)
    geldig_van: Mapped[date] = mapped_column(nullable=False)
    geldig_tot: Mapped[date | None] = mapped_column()

    product: Mapped[Product] = relationship(back_populates="tarieven")


class Aanbieder(TimestampMixin, Base):
    """A care provider. Not regionally contracted means lokale contractering (four eyes)."""

    __tablename__ = "aanbieder"
    __table_args__ = (
        sa.CheckConstraint("kvk IS NOT NULL OR agb IS NOT NULL", name="kvk_of_agb"),
        sa.CheckConstraint("kvk IS NULL OR length(kvk) = 8", name="kvk_8_cijfers"),
        sa.CheckConstraint("agb IS NULL OR length(agb) = 8", name="agb_8_cijfers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    kvk: Mapped[str | None] = mapped_column(sa.String(8), unique=True)
    agb: Mapped[str | None] = mapped_column(sa.String(8), unique=True)
    regionaal_gecontracteerd: Mapped[bool] = mapped_column(nullable=False, default=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    producten: Mapped[list[Product]] = relationship(secondary=aanbieder_product, lazy="selectin",
                                                    order_by=Product.productcode)
