"""Monitoring's own tables: imported history (the previous system's indicaties and declaraties)
and the API tokens of the municipality's BI system.

Imported history is read-only: only the import writes it, nothing updates it, and a re-import of
the same rows is recognised by their natural key and skipped. Clients of the old system are known
only by a pseudonymous ``client_ref``; ``HistorieClient`` gives each one a surrogate number so the
aggregates can count distinct clients across native and imported data (native clients are
``inwoner.id``, imported ones the negative ``historie_client.id``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from toegang.db import Base, UTCDateTime


class HistorieImport(Base):
    """One run of ``flask import-history``: which file (by hash), when, how many rows."""

    __tablename__ = "historie_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    bestand: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    declaraties_bestand: Mapped[str | None] = mapped_column(sa.String(255))
    declaraties_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    indicaties_nieuw: Mapped[int] = mapped_column(nullable=False, default=0)
    indicaties_overgeslagen: Mapped[int] = mapped_column(nullable=False, default=0)
    declaraties_nieuw: Mapped[int] = mapped_column(nullable=False, default=0)
    declaraties_overgeslagen: Mapped[int] = mapped_column(nullable=False, default=0)
    ongeldig: Mapped[int] = mapped_column(nullable=False, default=0)


class HistorieClient(Base):
    """A client of the previous system, known only by its pseudonymous reference."""

    __tablename__ = "historie_client"
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "client_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False)
    client_ref: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class HistorieIndicatie(Base):
    """An indicatie of the previous system, as imported (one CSV row)."""

    __tablename__ = "historie_indicatie"
    __table_args__ = (
        sa.UniqueConstraint("gemeente_id", "indicatie_ref"),
        sa.CheckConstraint("wet IN ('WMO', 'JW', 'PW')", name="wet_bekend"),
        sa.CheckConstraint("leveringsvorm IN ('ZIN', 'PGB')", name="leveringsvorm_bekend"),
        sa.CheckConstraint("einddatum IS NULL OR einddatum >= ingangsdatum", name="einde_na_begin"),
        sa.CheckConstraint("kosten_toegekend_cents >= 0", name="kosten_niet_negatief"),
        # The period filters: rows still running at a period's start, decisions and meldingen in a
        # period, and the per-client scans of the cohorts.
        sa.Index("ix_historie_indicatie_eind", "gemeente_id", "einddatum", "ingangsdatum"),
        sa.Index("ix_historie_indicatie_beschikking", "gemeente_id", "beschikkingsdatum"),
        sa.Index("ix_historie_indicatie_melding", "gemeente_id", "melddatum"),
        sa.Index("ix_historie_indicatie_client", "gemeente_id", "client_id", "ingangsdatum", "einddatum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False)
    import_id: Mapped[int] = mapped_column(sa.ForeignKey("historie_import.id"), nullable=False, index=True)
    indicatie_ref: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("historie_client.id"), nullable=False)
    geboortedatum: Mapped[date] = mapped_column(nullable=False)
    geslacht: Mapped[str | None] = mapped_column(sa.String(1))
    wijk_id: Mapped[int | None] = mapped_column(sa.ForeignKey("wijk.id"))
    wet: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    productcategorie: Mapped[str] = mapped_column(sa.String(2), nullable=False)
    productcode: Mapped[str] = mapped_column(sa.String(5), nullable=False)
    leveringsvorm: Mapped[str] = mapped_column(sa.String(3), nullable=False)
    aanbieder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("aanbieder.id"))
    verwijzer_code: Mapped[str | None] = mapped_column(sa.String(2))
    melddatum: Mapped[date | None] = mapped_column()
    aanvraagdatum: Mapped[date | None] = mapped_column()
    beschikkingsdatum: Mapped[date | None] = mapped_column()
    ingangsdatum: Mapped[date] = mapped_column(nullable=False)
    einddatum: Mapped[date | None] = mapped_column()
    volume: Mapped[Decimal | None] = mapped_column(sa.Numeric(10, 2))
    eenheid: Mapped[str | None] = mapped_column(sa.String(2))
    frequentie: Mapped[str | None] = mapped_column(sa.String(1))
    kosten_toegekend_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    #: The granted cost scaled to 365 days (an open-ended indicatie: the amount is per year), so
    #: expected cost in any period is ``kosten_12m_cents × days in the period / 365``.
    kosten_12m_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)
    reden_beeindiging: Mapped[str | None] = mapped_column(sa.String(2))


class HistorieDeclaratie(Base):
    """A paid invoice of the previous system for one indicatie and period."""

    __tablename__ = "historie_declaratie"
    __table_args__ = (
        sa.UniqueConstraint("indicatie_id", "periode_start", "periode_eind"),
        sa.CheckConstraint("periode_eind >= periode_start", name="eind_na_start"),
        sa.Index("ix_historie_declaratie_periode", "gemeente_id", "periode_eind", "periode_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False)
    import_id: Mapped[int] = mapped_column(sa.ForeignKey("historie_import.id"), nullable=False, index=True)
    indicatie_id: Mapped[int] = mapped_column(sa.ForeignKey("historie_indicatie.id"), nullable=False)
    periode_start: Mapped[date] = mapped_column(nullable=False)
    periode_eind: Mapped[date] = mapped_column(nullable=False)
    bedrag_cents: Mapped[int] = mapped_column(sa.BigInteger, nullable=False)


class ApiToken(Base):
    """A bearer token for the monitoring API. Only its SHA-256 is stored; the token is shown once.

    Scoped to one gemeente and to ``monitoring``; revoking sets ``revoked_at`` (never deleted, so
    the audit events that name it keep their meaning).
    """

    __tablename__ = "api_token"
    __table_args__ = (
        sa.CheckConstraint("scope IN ('monitoring')", name="scope_bekend"),
        sa.CheckConstraint("(revoked_at IS NULL) = (revoked_by_id IS NULL)", name="intrekking_volledig"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    gemeente_id: Mapped[int] = mapped_column(sa.ForeignKey("gemeente.id"), nullable=False, index=True)
    scope: Mapped[str] = mapped_column(sa.String(20), nullable=False, default="monitoring")
    #: The first characters of the token, so the beheerder can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(12), nullable=False)
    token_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def actief(self) -> bool:
        return self.revoked_at is None
