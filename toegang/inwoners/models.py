"""Inwoners (residents), their huishouden and contact persons."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.catalogus.models import Wijk
from toegang.db import Base, TimestampMixin, UTCDateTime, str_enum
from toegang.gemeenten.models import Gemeente


class Geslacht(enum.Enum):
    MAN = "M"
    VROUW = "V"
    ANDERS = "X"
    ONBEKEND = "O"


class HuishoudenRol(enum.Enum):
    OUDER = "ouder"
    PARTNER = "partner"
    KIND = "kind"
    OVERIG = "overig"


class ContactSoort(enum.Enum):
    MANTELZORGER = "mantelzorger"
    WETTELIJK_VERTEGENWOORDIGER = "wettelijk_vertegenwoordiger"
    CONTACTPERSOON = "contactpersoon"


class Huishouden(TimestampMixin, Base):
    """A household: "1 gezin, 1 plan" — the unit the loket often works with."""

    __tablename__ = "huishouden"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)

    leden: Mapped[list[Inwoner]] = relationship(back_populates="huishouden", order_by="Inwoner.geboortedatum")


class Inwoner(TimestampMixin, Base):
    """A resident. The BSN identifies the person but never appears in a URL or log: use ``id``."""

    __tablename__ = "inwoner"
    __table_args__ = (
        sa.CheckConstraint("length(bsn) = 9", name="bsn_length"),
        sa.CheckConstraint("huisnummer IS NULL OR huisnummer > 0", name="huisnummer_positive"),
        sa.CheckConstraint(
            "(wlz_indicatie AND wlz_datum IS NOT NULL) OR (NOT wlz_indicatie)", name="wlz_datum_required"
        ),
        sa.Index("ix_inwoner_naam_geboortedatum", "achternaam", "geboortedatum"),
        sa.Index("ix_inwoner_postcode_huisnummer", "postcode", "huisnummer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    bsn: Mapped[str] = mapped_column(sa.String(9), unique=True, nullable=False)
    voornamen: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    tussenvoegsel: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="")
    achternaam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    geboortedatum: Mapped[date] = mapped_column(nullable=False)
    geslacht: Mapped[Geslacht] = mapped_column(str_enum(Geslacht, "geslacht"), nullable=False,
                                               default=Geslacht.ONBEKEND)
    straat: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    huisnummer: Mapped[int | None] = mapped_column()
    huisnummer_toevoeging: Mapped[str] = mapped_column(sa.String(10), nullable=False, default="")
    #: Normalised as "1234 AB".
    postcode: Mapped[str] = mapped_column(sa.String(7), nullable=False, default="")
    woonplaats: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    wijk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wijk.id"), index=True)
    telefoon: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="")
    email: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    huishouden_id: Mapped[int | None] = mapped_column(sa.ForeignKey("huishouden.id"), index=True)
    huishouden_rol: Mapped[HuishoudenRol | None] = mapped_column(str_enum(HuishoudenRol, "huishouden_rol"))
    #: A Wlz-indicatie (CIZ) comes before municipal maatwerk for what the Wlz covers.
    wlz_indicatie: Mapped[bool] = mapped_column(nullable=False, default=False)
    wlz_datum: Mapped[date | None] = mapped_column()
    wlz_bron: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    #: Set when the bewaartermijn passed and the personal data was removed (``toegang.privacy``).
    geanonimiseerd_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    gemeente: Mapped[Gemeente] = relationship(lazy="joined")
    wijk: Mapped[Wijk | None] = relationship(lazy="joined")
    huishouden: Mapped[Huishouden | None] = relationship(back_populates="leden")
    contactpersonen: Mapped[list[Contactpersoon]] = relationship(
        back_populates="inwoner", cascade="all, delete-orphan", order_by="Contactpersoon.id"
    )

    @property
    def naam(self) -> str:
        parts = [self.voornamen, self.tussenvoegsel, self.achternaam]
        return " ".join(p for p in parts if p)

    @property
    def aanhef_naam(self) -> str:
        """Family name for sorting and short display: "Vries, de" style is not needed at the loket."""
        return " ".join(p for p in (self.tussenvoegsel, self.achternaam) if p)

    def leeftijd_op(self, peildatum: date) -> int:
        years = peildatum.year - self.geboortedatum.year
        if (peildatum.month, peildatum.day) < (self.geboortedatum.month, self.geboortedatum.day):
            years -= 1
        return years


class Contactpersoon(TimestampMixin, Base):
    """A mantelzorger, wettelijk vertegenwoordiger or other contact of a resident."""

    __tablename__ = "contactpersoon"

    id: Mapped[int] = mapped_column(primary_key=True)
    inwoner_id: Mapped[int] = mapped_column(sa.ForeignKey("inwoner.id", ondelete="CASCADE"), nullable=False,
                                            index=True)
    soort: Mapped[ContactSoort] = mapped_column(str_enum(ContactSoort, "contact_soort"), nullable=False)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    relatie: Mapped[str] = mapped_column(sa.String(80), nullable=False, default="")
    telefoon: Mapped[str] = mapped_column(sa.String(30), nullable=False, default="")
    email: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    notitie: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")

    inwoner: Mapped[Inwoner] = relationship(back_populates="contactpersonen")
