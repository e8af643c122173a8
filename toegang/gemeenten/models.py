"""Gemeenten: every resident, setting and user scope belongs to one."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from toegang.db import Base, TimestampMixin


class Gemeente(TimestampMixin, Base):
    """A municipality served by this installation, with the details its letters need.

    Letterhead, bezwaar address, verordening and signatory are configuration per gemeente,
    edited by the functioneel beheerder — never code.
    """

    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: CBS gemeentecode, four digits (e.g. "0363"); the stable key for imports and monitoring.
    code: Mapped[str] = mapped_column(sa.String(4), unique=True, nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    bezoekadres: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    postadres: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    telefoon: Mapped[str] = mapped_column(sa.String(40), nullable=False, default="")
    email: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    website: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    #: File name of the logo in the app's static folder (letters may only load local files).
    logo_bestand: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    bezwaar_adres: Mapped[str] = mapped_column(sa.String(300), nullable=False, default="")
    verordening_wmo: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    verordening_jeugd: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    verordening_participatie: Mapped[str] = mapped_column(sa.String(200), nullable=False, default="")
    ondertekenaar_naam: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    ondertekenaar_functie: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    actief: Mapped[bool] = mapped_column(nullable=False, default=True)
