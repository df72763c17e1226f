"""Streams of webhook deliveries for :func:`~callevent_toolkit.fuzz.fuzz_stream`.

A stream is drawn from one or two seeded call timelines (``generate_timelines``): each
delivery picks one to three distinct events of them (picks repeat across deliveries: an
event delivered again keeps its CloudEvent ``id``, as an Event Streams redelivery does;
and picks come in any order: Event Streams does not order), wraps them in a webhook body,
``data`` as an object or as JSON text, and may break the envelope in one named way (every
breakage is one of the engine's labelled ones that
:func:`~callevent_toolkit.envelopes.unwrap` refuses). Streams
shrink to fewer deliveries, earlier events, fewer calls, unbroken envelopes and ``data``
objects (a call's story does not shrink: it comes from one drawn seed, which keeps
examples cheap).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from ..engine import WEBHOOK_HEADERS, Delivery, malformation_kinds, malformed_delivery, observe_many
from ..envelopes import to_cloudevent, webhook_body
from ..generation import generate_timelines
from ..schemas import DEFAULT_VERSION

__all__ = ["MALFORMATIONS", "DeliveredStream", "StreamDelivery", "delivery_streams"]


#: One webhook request of a fuzzed stream: the engine's :class:`Delivery`, as the bulk
#: generator and ``callevent send`` make it. ``body`` is what the consumer is given,
#: ``events``/``ids`` the CallEvents it was made from and their CloudEvent ids,
#: ``attempt`` 1 for the first delivery of those ids and more for redeliveries,
#: ``malformed`` the kind of breakage (``None``: a valid delivery; ``label`` says where).
StreamDelivery = Delivery


@dataclass(frozen=True)
class DeliveredStream:
    """The deliveries of one fuzzed stream, in the order the consumer got them.

    ``events`` maps each CloudEvent id delivered at least once in a *valid* delivery to
    its CallEvent, in first-arrival order: what an exactly-once consumer ends up with.
    """

    deliveries: tuple[StreamDelivery, ...]

    @property
    def events(self) -> dict[str, dict[str, Any]]:
        """Unique events of the valid deliveries, by id."""
        unique: dict[str, dict[str, Any]] = {}
        for delivery in self.deliveries:
            if delivery.malformed is None:
                for cloud_id, event in zip(delivery.ids, delivery.events, strict=True):
                    unique.setdefault(cloud_id, event)
        return unique


#: The engine's breakages of a webhook body that a consumer must survive without
#: validating events (``invalid event`` is the event fuzzer's job: a valid envelope that a
#: consumer stores is not a bug of the stream), simplest first: shrinking goes to them.
MALFORMATIONS: tuple[str, ...] = tuple(
    kind for kind in malformation_kinds("webhook") if kind != "invalid event"
)


_SEEDS = st.integers(0, 2**32 - 1)


def _picks(count: int, malformed: bool) -> st.SearchStrategy[tuple[list[int], bool, str | None]]:
    """One delivery: which of ``count`` events, ``data`` as text or not, what breakage."""
    indices = st.lists(st.integers(0, count - 1), min_size=1, max_size=3, unique=True)
    breakage = (
        st.one_of(st.none(), st.sampled_from(tuple(MALFORMATIONS))) if malformed else st.none()
    )
    return st.tuples(indices, st.booleans(), breakage)


def _delivery(
    events: list[dict[str, Any]], as_string: bool, malformed: str | None, seen: dict[str, int]
) -> StreamDelivery:
    ids = tuple(to_cloudevent(event)["id"] for event in events)
    attempt = 1 + max(seen.get(cloud_id, 0) for cloud_id in ids)
    for cloud_id in ids:
        seen[cloud_id] = seen.get(cloud_id, 0) + 1
    if malformed is not None:
        return malformed_delivery(events, malformed, data_as_string=as_string, attempt=attempt)
    body = webhook_body(events, data_as_string=as_string)
    return Delivery(body, dict(WEBHOOK_HEADERS), tuple(events), ids, attempt, 0)


@functools.lru_cache(maxsize=512)
def _timeline(seed: int) -> tuple[dict[str, Any], ...]:
    """Timeline 0 of ``seed``, made once: shrinking redraws the same seeds many times,
    and building a call is most of what an example costs."""
    return tuple(next(generate_timelines(1, seed=seed)))


@st.composite
def _streams(draw: st.DrawFn, malformed: bool, max_deliveries: int) -> DeliveredStream:
    seeds = draw(st.lists(_SEEDS, min_size=1, max_size=2))
    # Copies: a consumer that changes an event must not change the next example's.
    events = [copy.deepcopy(event) for seed in seeds for event in _timeline(seed)]
    picks = draw(st.lists(_picks(len(events), malformed), min_size=1, max_size=max_deliveries))
    seen: dict[str, int] = {}
    deliveries = tuple(
        _delivery([events[i] for i in indices], as_string, breakage, seen)
        for indices, as_string, breakage in picks
    )
    stream = DeliveredStream(deliveries)
    # The coverage report's hook (a no-op without one): each event a valid delivery
    # carried, once however often it came. A broken envelope's events never reach the
    # consumer as CallEvents, so they are not counted.
    observe_many(stream.events.values(), DEFAULT_VERSION)
    return stream


def delivery_streams(
    *, malformed: bool = True, max_deliveries: int = 20
) -> st.SearchStrategy[DeliveredStream]:
    """Streams of 1 to ``max_deliveries`` webhook deliveries (see the module notes)."""
    return _streams(malformed, max_deliveries)
