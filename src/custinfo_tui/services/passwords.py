"""argon2id hashing for operator passwords and security answers.

Parameters are RFC 9106's second recommended option (argon2id, t=3, p=4, m=64 MiB),
argon2-cffi's `RFC_9106_LOW_MEMORY` profile: the first option needs 2 GiB per hash, too
much for a desk PC. Verification reads the parameters from the stored hash, so they can be
raised later and old hashes re-hashed on the next successful login (`needs_rehash`).

Secrets are NFKC-normalised before hashing and verifying (NIST SP 800-63B), so a password
typed with a composed "é" on one keyboard matches the same password typed decomposed.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import RFC_9106_LOW_MEMORY

from custinfo_tui.domain.password_policy import normalise_password

_hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


# A real hash to verify against when the username is unknown, so that an unknown user and a
# wrong password take the same time and cannot be told apart.
@cache
def _dummy_hash() -> str:
    return _hasher.hash("custinfo-not-a-real-password")


def hash_secret(secret: str) -> str:
    """Hash a password or a normalised security answer with argon2id."""
    return _hasher.hash(normalise_password(secret))


def verify_secret(stored_hash: str | None, candidate: str) -> bool:
    """True when candidate matches; argon2 compares in constant time. None burns the same time."""
    try:
        candidate = normalise_password(candidate)
        return _hasher.verify(stored_hash or _dummy_hash(), candidate) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's: re-hash it at login."""
    return _hasher.check_needs_rehash(stored_hash)
