"""Users, their roles and gemeenten, and server-side login sessions."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from toegang.accounts.roles import Role
from toegang.db import Base, TimestampMixin, UTCDateTime, str_enum
from toegang.gemeenten.models import Gemeente

user_gemeente = sa.Table(
    "user_gemeente",
    Base.metadata,
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("gemeente_id", sa.ForeignKey("gemeente.id"), primary_key=True),
)


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"), primary_key=True)


class User(TimestampMixin, Base):
    """A person working in the application. Users are deactivated, never deleted, so the audit
    log and every decision keep pointing at who did it."""

    __tablename__ = "user_account"
    __table_args__ = (sa.CheckConstraint("failed_logins >= 0", name="failed_logins_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(sa.String(120), nullable=False)
    email: Mapped[str] = mapped_column(sa.String(120), nullable=False, default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255), nullable=False)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    failed_logins: Mapped[int] = mapped_column(nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=UserRole.role
    )
    gemeenten: Mapped[list[Gemeente]] = relationship(
        secondary=user_gemeente, lazy="selectin", order_by=Gemeente.naam
    )

    # Flask-Login protocol ---------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    # Roles and scope -----------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def gemeente_ids(self) -> frozenset[int]:
        return frozenset(g.id for g in self.gemeenten)

    def __repr__(self) -> str:  # never the password hash
        return f"<User {self.username}>"


class UserSession(Base):
    """A server-side login session, so logout, deactivation and idle timeout really end it.

    Only the SHA-256 of the session token is stored; the token itself lives in the signed cookie.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(sa.String(32))

    user: Mapped[User] = relationship(lazy="joined")
