"""Argument checkers: one function per kind of argument, one wording per mistake.

Every public entry point (strategies, bulk generators, the fuzzer, envelopes, the plugin's
factory) checks its arguments here, so the same mistake raises the same class with the
same message wherever it is made; ``tests/test_same_mistakes.py`` feeds each mistake to
every entry point to keep it so. Modelled on Hypothesis's ``internal/validation.py``: the
message names the argument, repeats the value as given and says what was expected.

A check returns the value it accepted (typed), so callers write
``count = check_int("count", count, minimum=0)`` and carry on.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import TYPE_CHECKING, NoReturn

from .schemas import schema_handle

if TYPE_CHECKING:
    from .schemas import SchemaHandle

__all__ = [
    "INDEX_LIMIT",
    "MAX_SECONDS",
    "check_bool",
    "check_int",
    "check_keywords",
    "check_optional_seed",
    "check_positive_seconds",
    "check_ratio",
    "check_seed",
    "check_version",
    "fail",
    "percentage",
]

#: Window ends and indices live in 64 bits (event *k* takes the low 64 bits of its seed).
INDEX_LIMIT = 1 << 64
#: The longest duration a timeout may have (one day): beyond about 9.2e9 s the thread
#: primitives raise ``OverflowError``, and a call that takes a day has hung anyway.
MAX_SECONDS = 86_400.0


def fail(message: str) -> NoReturn:
    """Raise :class:`~callevent_toolkit.errors.InvalidArgument` with ``message``."""
    from .errors import InvalidArgument

    raise InvalidArgument(message)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_int(name: str, value: object, *, minimum: int | None = None) -> int:
    """An int (not a bool) of at least ``minimum`` and below 2**64."""
    if not _is_int(value):
        fail(f"{name} must be an int, got {name}={value!r}")
    assert isinstance(value, int)
    if minimum is not None and value < minimum:
        fail(f"{name} must be at least {minimum}, got {name}={value!r}")
    if value >= INDEX_LIMIT:
        fail(f"{name} must be below 2**64, got {name}={value!r}")
    return value


def check_seed(seed: object) -> int:
    """Any int: negative and huge seeds are distinct seeds."""
    if not _is_int(seed):
        fail(f"seed must be an int, got seed={seed!r}")
    assert isinstance(seed, int)
    return seed


def check_optional_seed(seed: object) -> int | None:
    """An int, or ``None`` for "pick one and report it"."""
    if seed is not None and not _is_int(seed):
        fail(f"seed must be an int or None, got seed={seed!r}")
    assert seed is None or isinstance(seed, int)
    return seed


def check_bool(name: str, value: object) -> bool:
    """``True`` or ``False`` (``"yes"`` and ``1`` are not)."""
    if not isinstance(value, bool):
        fail(f"{name} must be True or False, got {name}={value!r}")
    return value


def check_ratio(name: str, value: object) -> float:
    """A number from 0.0 to 1.0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(f"{name} must be a number, got {name}={value!r}")
    ratio = float(value)
    if not (math.isfinite(ratio) and 0 <= ratio <= 1):
        fail(f"{name} must be between 0.0 and 1.0, got {name}={value!r}")
    return ratio


def check_positive_seconds(name: str, value: object, *, optional: bool = True) -> float | None:
    """A positive number of seconds up to :data:`MAX_SECONDS`, or ``None`` (no limit) when
    ``optional``."""
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        fail(f"{name} must be a positive number of seconds or None, got {name}={value!r}")
    if not math.isfinite(value) or value > MAX_SECONDS:
        fail(
            f"{name} must be at most {MAX_SECONDS:g} seconds (one day) or None, "
            f"got {name}={value!r}"
        )
    return float(value)


def check_version(version: object) -> SchemaHandle:
    """The handle of a bundled schema version (see :func:`.schemas.schema_handle`)."""
    return schema_handle(version)


def check_keywords(keywords: object, known: Collection[str], schema: str) -> tuple[str, ...]:
    """A non-empty collection of constraint keywords, each one the schema uses.

    The message names the first unknown keyword alone, so a misspelling reads the same
    whether it came in a set (``keywords={"requird"}``) or as one name
    (``factory.invalid("requird")``).
    """
    if isinstance(keywords, str) or not isinstance(keywords, Collection):
        fail(
            f"keywords must be a collection of keyword names such as {{'required', 'type'}}, "
            f"got keywords={keywords!r}"
        )
    names = ", ".join(sorted(known))
    for keyword in sorted(keywords, key=repr):
        if keyword not in known:
            fail(f"{keyword!r} is not a constraint keyword of {schema} (known: {names})")
    if not keywords:
        fail(f"keywords must not be empty (known: {names})")
    return tuple(sorted(keywords))


def percentage(text: str) -> float:
    """``text`` as a percentage from 0 to 100 (a coverage threshold), or ``ValueError``.

    The text of an option (``--fail-under``, ``--callevent-fail-under``): each face wraps
    the error in its own usage error, with the same words after the option's name.
    """
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 100.0:  # also refuses nan
        raise ValueError(f"expected a percentage 0-100, got {text!r}")
    return value
