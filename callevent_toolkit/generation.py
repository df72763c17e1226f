"""The fast seeded generator: many thousands of CallEvents a second, reproducibly.

It runs the same :class:`~callevent_toolkit.strategies._engine.EventPlan` as the
Hypothesis strategies, with a plain :class:`random.Random` underneath. Each event gets its
own seed derived from ``(seed, index)``, so event *k* of a seed is the same whatever
window (``start``/``count``) produced it: shards of a big run can be made on different
machines and concatenated.

With ``invalid_ratio`` some events are deliberately invalid (made by the mutation
operators of :mod:`~callevent_toolkit.strategies._invalid`) and
:func:`generate_labelled` says which rule each one breaks. Whether event *k* is invalid
is a coin derived from ``(seed, k)`` apart from the event's own stream, so turning the
ratio on replaces some events and leaves every other one exactly as :func:`generate`
makes it, without building an event only to throw it away.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .errors import InvalidArgument
from .strategies._engine import EventPlan, default_plan
from .strategies._invalid import Target, make_invalid, menu_for
from .strategies._source import RandomSource
from .validation import Violation

__all__ = ["event_seed", "generate", "generate_labelled"]

_INDEX_BITS = 64


def event_seed(seed: int, index: int) -> int:
    """The ``random.Random`` seed of event ``index`` of run ``seed``.

    Zig-zag encoding keeps negative seeds distinct from positive ones (``Random.seed``
    ignores the sign), and the index takes the low 64 bits, so no two (seed, index)
    pairs share a stream.
    """
    zigzag = seed * 2 if seed >= 0 else -seed * 2 - 1
    return (zigzag << _INDEX_BITS) | index


def _check_int(name: str, value: object, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name} must be an int, got {name}={value!r}")
    if minimum is not None and value < minimum:
        raise InvalidArgument(f"{name} must be at least {minimum}, got {name}={value!r}")
    if value >= 1 << _INDEX_BITS and name != "seed":
        raise InvalidArgument(f"{name} must be below 2**64, got {name}={value!r}")
    return value


def generate(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = 3,
    fixed: Mapping[Any, Any] | None = None,
    invalid_ratio: float = 0.0,
) -> Iterator[Any]:
    """Yield ``count`` CallEvents: events ``start`` .. ``start + count - 1`` of ``seed``.

    Same arguments, same events, byte for byte once serialised (for one toolkit version).
    ``realistic`` and ``fixed`` mean what they mean for
    :func:`~callevent_toolkit.strategies.call_events`; pins must be plain values here.
    Arguments are checked before the first event is produced.

    Every event is valid unless ``invalid_ratio`` (0.0 to 1.0) is set: then about that
    share of events is deliberately invalid, each breaking one rule; use
    :func:`generate_labelled` to learn which. An invalid event is usually a dict, but
    one that breaks the top-level ``type`` is another JSON value (a list, a JSON
    string, ``null``), as a broken producer would send. ``fixed`` cannot be combined
    with ``invalid_ratio``.
    """
    _check_window(count, seed, start)
    ratio = _check_ratio(invalid_ratio)
    plan = _plan_for(version, realistic, fixed)
    if ratio > 0:
        if plan.pins:
            raise InvalidArgument(
                "fixed cannot be combined with invalid_ratio: a mutation may break the "
                f"very field a pin fixes (got {fixed=}, {invalid_ratio=})"
            )
        labelled = generate_labelled(
            count,
            seed=seed,
            start=start,
            realistic=realistic,
            version=version,
            invalid_ratio=invalid_ratio,
        )
        return (event for event, _violation in labelled)
    return _events(plan, seed, start, count)


def _plan_for(version: int, realistic: bool, fixed: Mapping[Any, Any] | None) -> EventPlan:
    """The plan for ``fixed`` (checked: a mapping of schema paths to allowed plain values).

    ``fixed=None`` takes the cached pin-free plan; anything else, even an empty or a
    non-mapping value, goes through :class:`EventPlan`, which refuses what is not a
    mapping instead of letting a falsy ``[]`` or ``0`` pass unnoticed.
    """
    if fixed is None:
        return default_plan(version, realistic)
    plan = EventPlan(version=version, realistic=realistic, fixed=fixed)
    plan.refuse_strategy_pins()
    return plan


_MASK64 = (1 << 64) - 1


def _mix64(x: int) -> int:
    """The splitmix64 finaliser: a cheap, well-spread 64-bit hash."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def _coin(seed: int, index: int) -> float:
    """A uniform float in ``[0, 1)`` that depends on ``(seed, index)`` alone.

    A hash rather than a draw: reseeding a second ``random.Random`` per event would cost
    more than the rest of the decision, and drawing from the event's own stream would
    change the valid events.
    """
    key, mixed = event_seed(seed, index), 0
    while True:  # fold every 64-bit limb of the event's seed into the hash
        mixed = _mix64(mixed ^ (key & _MASK64))
        key >>= 64
        if not key:
            return (mixed >> 11) / 2.0**53  # 53 bits: exactly representable, never 1.0


def _check_window(count: int, seed: int, start: int) -> None:
    _check_int("count", count, minimum=0)
    _check_int("start", start, minimum=0)
    _check_int("seed", seed)
    _check_int("start + count", start + count, minimum=0)


def _check_ratio(invalid_ratio: object) -> float:
    if isinstance(invalid_ratio, bool) or not isinstance(invalid_ratio, (int, float)):
        raise InvalidArgument(f"invalid_ratio must be a number, got {invalid_ratio=}")
    if not (math.isfinite(invalid_ratio) and 0 <= invalid_ratio <= 1):
        raise InvalidArgument(f"invalid_ratio must be between 0.0 and 1.0, got {invalid_ratio=}")
    return float(invalid_ratio)


def generate_labelled(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    realistic: bool = True,
    version: int = 3,
    invalid_ratio: float = 0.0,
) -> Iterator[tuple[Any, Violation | None]]:
    """Yield ``(event, violation)`` pairs: ``None`` for a valid event, else what it breaks.

    The events are those of :func:`generate` with the same arguments, and event *k*
    depends only on ``(seed, k)`` whatever the window. A valid event here is the very
    event :func:`generate` makes without ``invalid_ratio``. Invalid events start from a
    valid event of the same kind (contract-space when ``realistic=False``, falling back
    to a realistic one when a contract event lacks the place to break) and break one
    rule, chosen uniformly among the schema's constraints; the violation's pointer
    names the concrete place (real map key or array index).
    """
    _check_window(count, seed, start)
    ratio = _check_ratio(invalid_ratio)
    plan = default_plan(version, realistic)
    menu = menu_for(version, None) if ratio > 0 else ()
    return _labelled(plan, menu, seed, start, count, ratio)


def _labelled(
    plan: EventPlan,
    menu: Sequence[Target],
    seed: int,
    start: int,
    count: int,
    ratio: float,
) -> Iterator[tuple[Any, Violation | None]]:
    for index, src in _seeded_sources(seed, start, count):
        if ratio > 0 and _coin(seed, index) < ratio:
            case = make_invalid(src, menu, version=plan.version, realistic=plan.realistic)
            yield case.event, case.violation
        else:
            yield plan.event(src), None


def _events(plan: EventPlan, seed: int, start: int, count: int) -> Iterator[dict[str, Any]]:
    build = plan.event
    for _index, src in _seeded_sources(seed, start, count):
        yield build(src)


def _seeded_sources(seed: int, start: int, count: int) -> Iterator[tuple[int, RandomSource]]:
    """``(k, source)`` for k in the window, the source reseeded with ``event_seed(seed, k)``.

    The one place that makes item *k* depend on ``(seed, k)`` alone: events, labelled
    events and timelines all iterate it. One ``Random`` is reused and reseeded, which is
    much cheaper than creating one per item.
    """
    rng = random.Random()
    src = RandomSource(rng)
    reseed = rng.seed
    for index in range(start, start + count):
        reseed(event_seed(seed, index))
        yield index, src
