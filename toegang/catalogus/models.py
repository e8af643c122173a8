"""Reference code lists (iWmo/iJw) and the wijken/kernen of each gemeente."""

from __future__ import annotations

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
