"""Value pools drawn from Faker once per process, with a fixed seed.

Why pools: a Faker call costs 20-120 µs, so calling it per field would cap the bulk
generator near a thousand events a second, and Faker's own randomness is invisible to
Hypothesis (it could neither vary nor shrink it). Drawing a pool once from a seeded Faker
and then *choosing by index* through the :class:`Source` fixes both: bulk output
stays fast and deterministic, and Hypothesis controls (and shrinks) the index.
"""

from __future__ import annotations

from functools import cache

__all__: list[str] = []

_POOL_SEED = 3  # the pools are part of the output: changing this changes every seed's bytes
_POOL_SIZE = 24


@cache
def _faker(locale: str):  # type: ignore[no-untyped-def]
    from faker import Faker
    from faker.config import AVAILABLE_LOCALES

    fake = Faker(locale if locale in AVAILABLE_LOCALES else "en_US")
    fake.seed_instance(_POOL_SEED)
    return fake


@cache
def client_names(locale: str) -> tuple[str, ...]:
    """Client identities as apps register them: Faker user names of ``locale``."""
    fake = _faker(locale)
    names = [fake.user_name() for _ in range(_POOL_SIZE)]
    # an app-name identity first: what a shrunk example shows
    return ("MyVoiceApp", *dict.fromkeys(names))
