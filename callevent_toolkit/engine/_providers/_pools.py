"""Value pools drawn from Faker once, with a fixed seed, and shipped as package data.

Why pools: a Faker call costs 20-120 µs, so calling it per field would cap the bulk
generator near a thousand events a second, and Faker's own randomness is invisible to
Hypothesis (it could neither vary nor shrink it). Drawing a pool once from a seeded Faker
and then *choosing by index* through the :class:`Source` fixes both: bulk output
stays fast and deterministic, and Hypothesis controls (and shrinks) the index.

Why shipped rather than drawn at import: building the pools of 23 locales costs about a
second in every fresh process (Faker's import plus one seeded instance per locale). Inside
the first ``@given`` test of a run that second counts against Hypothesis's ``too_slow``
health check and failed it at random. So the pools are drawn once by :func:`build_pools`
and stored in ``_pools.json`` next to this module; :func:`client_names` reads that file
(a few hundred microseconds). ``tests/test_pools.py`` rebuilds the pools from Faker and
checks that they equal the shipped file; after a Faker upgrade that changes its data,
``python -m callevent_toolkit.engine._providers._pools`` rewrites the file (which
changes seeded output: the pools are part of it).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ._catalogue import PLACES

__all__: list[str] = []

_POOL_SEED = 3  # the pools are part of the output: changing this changes every seed's bytes
_POOL_SIZE = 24
_APP_NAME = "MyVoiceApp"  # an app-name identity first: what a shrunk example shows
POOL_FILE = Path(__file__).with_name("_pools.json")

#: The Faker locales the places use, in a fixed order (the file's key order).
LOCALES: tuple[str, ...] = tuple(sorted({place.locale for place in PLACES}))


def _faker_client_names(locale: str) -> tuple[str, ...]:
    """Client identities as apps register them: Faker user names of ``locale``."""
    from faker import Faker
    from faker.config import AVAILABLE_LOCALES

    fake = Faker(locale if locale in AVAILABLE_LOCALES else "en_US")
    fake.seed_instance(_POOL_SEED)
    names = [fake.user_name() for _ in range(_POOL_SIZE)]
    return (_APP_NAME, *dict.fromkeys(names))


def build_pools() -> dict[str, dict[str, list[str]]]:
    """Draw every pool from Faker (slow: about a second); what ``_pools.json`` holds."""
    return {"client_names": {loc: list(_faker_client_names(loc)) for loc in LOCALES}}


@cache
def _shipped() -> dict[str, dict[str, list[str]]]:
    pools: dict[str, dict[str, list[str]]] = json.loads(POOL_FILE.read_text(encoding="utf-8"))
    return pools


@cache
def client_names(locale: str) -> tuple[str, ...]:
    """The client-name pool of ``locale`` (shipped; drawn from Faker for an unknown one)."""
    shipped = _shipped()["client_names"].get(locale)
    if shipped is None:
        return _faker_client_names(locale)
    return tuple(shipped)


def _write_pools() -> None:
    text = json.dumps(build_pools(), ensure_ascii=False, indent=1, sort_keys=True)
    POOL_FILE.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    _write_pools()
