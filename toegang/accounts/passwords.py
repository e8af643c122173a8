"""Password hashing with argon2id and the password policy."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context

from toegang.errors import DomainError

MIN_PASSWORD_LENGTH = 12


@lru_cache(maxsize=4)
def _hasher_for(time_cost: int | None, memory_cost: int | None) -> tuple[PasswordHasher, str]:
    """An argon2id hasher (library defaults unless configured) and a dummy hash made with it.

    The dummy hash is verified when a username is unknown, so response time does not reveal
    which usernames exist. Only the test configuration lowers the cost, to keep the suite fast.
    """
    kwargs = {}
    if time_cost:
        kwargs["time_cost"] = time_cost
    if memory_cost:
        kwargs["memory_cost"] = memory_cost
    hasher = PasswordHasher(**kwargs)
    return hasher, hasher.hash("dummy-password-for-timing")


def _hasher() -> tuple[PasswordHasher, str]:
    if has_app_context():
        cfg = current_app.config
        return _hasher_for(cfg.get("ARGON2_TIME_COST"), cfg.get("ARGON2_MEMORY_COST"))
    return _hasher_for(None, None)


def hash_password(password: str) -> str:
    check_policy(password)
    return _hasher()[0].hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher()[0].check_needs_rehash(password_hash)


def check_policy(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.",
                          "password")
    if len(password) > 128:
        raise DomainError("Het wachtwoord mag hoogstens 128 tekens lang zijn.", "password")
    if password.strip() == "" or len(set(password)) < 5:
        raise DomainError("Kies een wachtwoord met meer verschillende tekens.", "password")
