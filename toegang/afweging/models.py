"""The versioned afwegingskader per gemeente and the recorded path (afweging) per hulpvraag.

A published kader version is never changed: the functioneel beheerder publishes a new version.
A path is append-only too: every save is a new ``Afweging`` row (versie 1, 2, …) that names the
kader version it was judged by; indicaties point at the path version they were proposed under, so
a decision keeps its kader version whatever is published later.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.accounts.models import User
from toegang.db import Base, UTCDateTime, str_enum
from toegang.gemeenten.models import Gemeente


class Uitkomst(enum.Enum):
    OPGELOST = "opgelost"
    DOORVERWEZEN = "doorverwezen"
    ALGEMEEN = "algemeen"
    MAATWERK = "maatwerk"
    AFWIJZING = "afwijzing"

    @property
    def label(self) -> str:
        from toegang.afweging.kader import UITKOMSTEN

        return UITKOMSTEN[self.value]


class Afwegingskader(Base):
    """One published version of a gemeente's afwegingskader (a validated JSON document)."""

    __tablename__ = "afwegingskader"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "versie"),
                      sa.CheckConstraint("versie > 0", name="versie_positief"))

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    versie: Mapped[int] = mapped_column(nullable=False)
    ingangsdatum: Mapped[date] = mapped_column(nullable=False)
    #: The document, validated by ``kader.validate``.
    inhoud: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    toelichting: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    gemeente: Mapped[Gemeente] = relationship(lazy="joined")
    published_by: Mapped[User | None] = relationship()


class Afweging(Base):
    """One saved version of the path a consultant walked for a hulpvraag."""

    __tablename__ = "afweging"
    __table_args__ = (
        sa.UniqueConstraint("hulpvraag_id", "versie"),
        sa.CheckConstraint("uitkomst <> 'maatwerk' OR (behoefte_code IS NOT NULL AND band IS NOT NULL)",
                           name="maatwerk_heeft_band"),
        sa.CheckConstraint("band IS NULL OR band IN ('licht', 'midden', 'zwaar')", name="band_bekend"),
        sa.CheckConstraint("uitkomst <> 'doorverwezen' OR voorliggend_code IS NOT NULL", name="doorverwijzing_naar"),
        sa.CheckConstraint("uitkomst <> 'algemeen' OR algemeen_code IS NOT NULL", name="algemene_voorziening"),
        sa.CheckConstraint("uitkomst <> 'afwijzing' OR afwijzing_reden <> ''", name="afwijzing_heeft_reden"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hulpvraag_id: Mapped[int] = mapped_column(sa.ForeignKey("hulpvraag.id"), nullable=False, index=True)
    versie: Mapped[int] = mapped_column(nullable=False)
    kader_id: Mapped[int] = mapped_column(sa.ForeignKey("afwegingskader.id"), nullable=False, index=True)
    #: Per step code: {"antwoord": one of kader.ANTWOORDEN or null, "toelichting": the consultant's words}.
    antwoorden: Mapped[dict[str, Any]] = mapped_column(sa.JSON, nullable=False)
    uitkomst: Mapped[Uitkomst] = mapped_column(str_enum(Uitkomst, "afweging_uitkomst"), nullable=False)
    voorliggend_code: Mapped[str | None] = mapped_column(sa.String(40))
    algemeen_code: Mapped[str | None] = mapped_column(sa.String(40))
    behoefte_code: Mapped[str | None] = mapped_column(sa.String(40))
    band: Mapped[str | None] = mapped_column(sa.String(10))
    #: Proposed product codes (maatwerk).
    producten: Mapped[list[str]] = mapped_column(sa.JSON, nullable=False, default=list)
    #: Hulp bij het huishouden: {"activiteiten": [...], "toeslagen": [...], "minuten": n} or
    #: {"vrijgesteld": true, "leeftijd": n} when the gemeente exempts the resident.
    normenkader: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    afwijzing_reden: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    #: Jeugdwet after 18 (verlengde jeugdhulp): the toekomstplan, required by the hard rule.
    toekomstplan: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    toelichting: Mapped[str] = mapped_column(sa.Text, nullable=False, default="")
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    kader: Mapped[Afwegingskader] = relationship(lazy="joined", innerjoin=True)
    created_by: Mapped[User] = relationship()

    def antwoord(self, stap: str) -> str | None:
        return (self.antwoorden.get(stap) or {}).get("antwoord")

    def reden(self, stap: str) -> str:
        return (self.antwoorden.get(stap) or {}).get("toelichting") or ""
