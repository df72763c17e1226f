"""Seeds: parsing the user's choice and deriving one stable seed per test.

A test's events must not depend on which other tests ran, in which order, or in which
pytest-xdist worker; so every test draws from its own seed, derived from the run's seed
and the test's node id. The derivation hashes with :mod:`hashlib` because the builtin
``hash()`` of a string changes from process to process (``PYTHONHASHSEED``).
"""

from __future__ import annotations

import hashlib
import secrets

__all__: list[str] = []

DEFAULT_SEED = 0
"""The seed when nobody chose one: fixed, so two plain ``pytest`` runs see the same events."""

LAST = "last"
RANDOM = "random"

_RANDOM_SEED_BOUND = 10**10  # ten digits: short enough to read out, plenty of variety


class SeedSyntaxError(ValueError):
    """A ``--callevent-seed`` value that is neither an integer, ``last`` nor ``random``."""


def parse_seed(text: str) -> int | str:
    """``"1234"`` -> ``1234``; ``"last"`` and ``"random"`` stay as the words."""
    word = text.strip().lower()
    if word in (LAST, RANDOM):
        return word
    try:
        return int(word)
    except ValueError:
        raise SeedSyntaxError(
            f"--callevent-seed must be an integer, 'last' or 'random', got {text!r}"
        ) from None


def fresh_seed() -> int:
    """A new seed for ``--callevent-seed=random`` (from the OS, not the global ``random``)."""
    return secrets.randbelow(_RANDOM_SEED_BOUND)


def derive_seed(run_seed: int, nodeid: str, stream: str) -> int:
    """The seed of one test's ``stream`` (``"call_event"``, ``"factory"``, ...).

    Separate streams keep fixtures independent: asking for ``call_event_factory`` as well
    does not change which ``call_event`` a test gets.
    """
    material = f"{run_seed}\x00{nodeid}\x00{stream}".encode()
    digest = hashlib.blake2b(material, digest_size=8, person=b"callevent-seed").digest()
    return int.from_bytes(digest, "big")
