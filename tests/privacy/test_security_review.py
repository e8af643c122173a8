"""Checks added with docs/SECURITY.md where the mapping had no test yet."""

from __future__ import annotations

import pytest

from toegang.accounts.passwords import check_policy, hash_password, verify_password
from toegang.errors import DomainError


@pytest.mark.parametrize("password", ["kort-wacht1", "a" * 129, "aaaaaaaaaaaaaaaa", " " * 20, "abababababababab"])
def test_password_policy_refuses(password):
    """ASVS 2.1.1/2.1.2: at least 12 characters, at most 128, not trivially repetitive."""
    with pytest.raises(DomainError):
        check_policy(password)


@pytest.mark.parametrize("password", ["twaalf-tekens", "correct horse battery staple", "Ω" * 3 + "abcdefghij",
                                      "x" * 100 + "yzabc"])
def test_password_policy_accepts_long_passphrases(password):
    check_policy(password)


def test_passwords_are_stored_with_argon2id(app_ctx):
    """ASVS 2.4.1: a memory-hard KDF; the stored value never contains the password."""
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$") and "horse" not in stored
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")
