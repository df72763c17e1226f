"""Deliveries: a stream as an Event Streams sink hands it to a consumer.

The facts (reference notes §7): delivery is at-least-once (a redelivery keeps the
CloudEvent ``id``, which consumers deduplicate on), there is no ordering guarantee,
failed deliveries are retried for up to 4 hours, and events are emitted within about
90 s of happening. A webhook body is a JSON array of CloudEvents (one today; batches
are allowed, so consumers iterate); a Kinesis record's data is one Base64 CloudEvent.

:func:`deliver` turns a merged stream (``Timed`` items in instant order) into
:class:`Delivery` objects in the order they fall due: each event is due up to
``max_delay`` after its instant (so arrival order differs from emission order), events
due within a second of each other are batched into bodies, and a body may be delivered
again (attempt 2, same ids) between 1 s and 4 h after the first. Every choice comes from a
:class:`Chooser`: :class:`SeededChooser` hashes ``(seed, id)`` (so an event gets the same
delay whatever window it came in), :class:`DrawnChooser` draws from a :class:`Source`
(Hypothesis shrinks it to no delay, no redelivery, one event a body). The pipeline is
lazy: a body is final once no later event can fall due before it.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .._checks import check_bool, check_int, check_ratio, fail
from ..envelopes import to_cloudevent
from ._sources import Source
from ._streams import Timed, checked_stream

__all__ = [
    "BATCH_WINDOW_MS",
    "DELIVERY_FORMS",
    "REDELIVERY_MAX_MS",
    "WEBHOOK_HEADERS",
    "Chooser",
    "Delivery",
    "DeliveryOptions",
    "DrawnChooser",
    "Malformation",
    "SeededChooser",
    "check_delivery_options",
    "checked_deliveries",
    "deliver",
    "envelope_body",
]

Event = dict[str, Any]

DELIVERY_FORMS = ("webhook", "kinesis")
WEBHOOK_HEADERS: Mapping[str, str] = {"Content-Type": "application/json"}
#: A redelivery comes 1 s to 4 h after the first delivery (Event Streams retries for 4 h).
REDELIVERY_MIN_MS = 1_000
REDELIVERY_MAX_MS = 4 * 3600 * 1000
#: Longest ``max_delay`` accepted: a delivery later than the retry window never comes.
_MAX_DELAY_S = REDELIVERY_MAX_MS / 1000
_MAX_BATCH = 100
#: A body holds events due within this long (ms) of its first: a sink that batches does
#: not hold an event back for later ones, so no event waits more than this past its delay.
BATCH_WINDOW_MS = 1_000


@dataclass(frozen=True)
class Malformation:
    """How a delivery is broken: ``kind`` (a catalogue name such as ``"no id"``),
    ``where`` in the body (as :class:`~callevent_toolkit.envelopes.EnvelopeError` and
    ``callevent validate --envelope`` place it) and ``reason``, what is wrong there."""

    kind: str
    where: str
    reason: str


@dataclass(frozen=True)
class Delivery:
    """One request (webhook) or record (Kinesis) a sink delivers.

    ``body`` is what the consumer gets (webhook: the JSON array text; Kinesis: the
    record's Base64 data), ``headers`` the request headers (none for Kinesis),
    ``events`` the CallEvents inside and ``ids`` their CloudEvent ids, ``attempt`` 1 for
    the first delivery and 2 for a redelivery, ``due_ms`` when the sink sends it (epoch
    ms). ``label`` says how the delivery is broken (``None``: a valid delivery).
    """

    body: str
    headers: Mapping[str, str]
    events: tuple[Event, ...]
    ids: tuple[str, ...]
    attempt: int
    due_ms: int
    envelope: str = "webhook"
    label: Malformation | None = field(default=None)

    @property
    def malformed(self) -> str | None:
        """The kind of breakage (``label.kind``), ``None`` for a valid delivery."""
        return None if self.label is None else self.label.kind


@dataclass(frozen=True)
class DeliveryOptions:
    """How a stream is delivered (checked by :func:`check_delivery_options`)."""

    envelope: str = "webhook"
    duplicates: float = 0.0
    max_delay_ms: int = 90_000
    batch: int = 1
    data_as_string: bool | None = False
    version: int = 3


def check_delivery_options(
    *,
    envelope: object,
    duplicates: object,
    max_delay: object,
    batch: object,
    data_as_string: object,
    version: int,
    drawn: bool = False,
) -> DeliveryOptions:
    """Options from the public arguments; ``InvalidArgument`` names the bad one.

    ``max_delay`` is in seconds, 0 to 4 h; ``batch`` 1 to 100 (1 for Kinesis, whose
    records hold one event). ``drawn`` allows ``data_as_string=None`` (drawn per event).
    """
    if envelope not in DELIVERY_FORMS:
        fail(f"envelope must be 'webhook' or 'kinesis', got envelope={envelope!r}")
    ratio = check_ratio("duplicates", duplicates)
    if isinstance(max_delay, bool) or not isinstance(max_delay, int | float):
        fail(f"max_delay must be a number of seconds, got max_delay={max_delay!r}")
    if not (math.isfinite(max_delay) and 0 <= max_delay <= _MAX_DELAY_S):
        fail(f"max_delay must be 0 to {_MAX_DELAY_S:,.0f} seconds, got max_delay={max_delay!r}")
    size = check_int("batch", batch, minimum=1)
    if size > _MAX_BATCH:
        fail(f"batch must be at most {_MAX_BATCH}, got batch={batch!r}")
    if envelope == "kinesis" and size != 1:
        fail(f"a Kinesis record holds one event: batch must be 1, got batch={batch!r}")
    as_string = (
        None if drawn and data_as_string is None else check_bool("data_as_string", data_as_string)
    )
    return DeliveryOptions(str(envelope), ratio, round(max_delay * 1000), size, as_string, version)


class Chooser(Protocol):
    """Where a delivery's choices come from."""

    def delay_ms(self, cloud_id: str) -> int:
        """How long after its instant the event falls due."""

    def batch_limit(self) -> int:
        """How many events the next body may hold."""

    def joins(self) -> bool:
        """Whether the next event joins the open body (when the limit and window allow)."""

    def redelivery_ms(self, ids: tuple[str, ...]) -> int | None:
        """How long after its first delivery the body of ``ids`` is delivered again, or
        ``None``."""

    def data_as_string(self) -> bool:
        """Whether the next event's ``data`` is JSON text."""


class SeededChooser:
    """Bulk choices: hashes of ``(seed, CloudEvent id)``, so an event's delay and a
    body's redelivery do not depend on what else is in the run."""

    def __init__(self, seed: int, options: DeliveryOptions) -> None:
        self._seed = seed
        self._options = options

    def _bits(self, key: str) -> int:
        digest = hashlib.blake2b(f"callevent-delivery:{self._seed}:{key}".encode(), digest_size=16)
        return int.from_bytes(digest.digest(), "big")

    def delay_ms(self, cloud_id: str) -> int:
        return self._bits(f"delay:{cloud_id}") % (self._options.max_delay_ms + 1)

    def batch_limit(self) -> int:
        return self._options.batch

    def joins(self) -> bool:
        return True

    def redelivery_ms(self, ids: tuple[str, ...]) -> int | None:
        bits = self._bits(f"again:{ids[0]}")
        if (bits >> 64) / 2.0**64 >= self._options.duplicates:
            return None
        spread = REDELIVERY_MAX_MS / REDELIVERY_MIN_MS  # log-uniform: most come soon
        fraction: float = (bits & (2**53 - 1)) / 2.0**53
        return round(REDELIVERY_MIN_MS * math.exp(math.log(spread) * fraction))

    def data_as_string(self) -> bool:
        return bool(self._options.data_as_string)


class DrawnChooser:
    """Strategy choices, one primitive each, shrinking to no delay, one event a body,
    no redelivery (a redelivery to 1 s later) and ``data`` as an object."""

    def __init__(self, src: Source, options: DeliveryOptions) -> None:
        self._src = src
        self._options = options

    def delay_ms(self, cloud_id: str) -> int:
        return self._src.integer(0, self._options.max_delay_ms)

    def batch_limit(self) -> int:
        return self._options.batch

    def joins(self) -> bool:
        return self._src.flag(50)

    def redelivery_ms(self, ids: tuple[str, ...]) -> int | None:
        # One flag per event, not per body: the number of choices must not drop when
        # events share a body, or Hypothesis would shrink towards batches.
        if self._options.duplicates <= 0:
            return None
        flags = [self._src.flag(50) for _ in ids]
        return self._src.integer(REDELIVERY_MIN_MS, REDELIVERY_MAX_MS) if any(flags) else None

    def data_as_string(self) -> bool:
        fixed = self._options.data_as_string
        return self._src.flag(50) if fixed is None else fixed


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def envelope_body(envelopes: list[dict[str, Any]], form: str) -> str:
    """The body of ``envelopes`` as ``form`` delivers it: the JSON array (webhook) or
    Base64 of the one envelope's JSON (Kinesis), as ``webhook_body``/``kinesis_record``."""
    if form == "kinesis":
        return base64.b64encode(_dumps(envelopes[0]).encode()).decode("ascii")
    return _dumps(envelopes)


# (due ms, instant ms, call index, position, envelope, event)
_Due = tuple[int, int, int, int, dict[str, Any], Event]


def _in_due_order(timed: Iterable[Timed], chooser: Chooser, version: int) -> Iterator[_Due]:
    """Each event with its envelope, in the order the events fall due."""
    pending: list[_Due] = []
    for instant, call, position, event in timed:
        while pending and pending[0][0] < instant:  # later events fall due later still
            yield heapq.heappop(pending)
        envelope = to_cloudevent(event, data_as_string=chooser.data_as_string(), version=version)
        due = instant + chooser.delay_ms(envelope["id"])
        heapq.heappush(pending, (due, instant, call, position, envelope, event))
    while pending:
        yield heapq.heappop(pending)


def _body(group: list[_Due], form: str) -> Delivery:
    envelopes = [item[4] for item in group]
    return Delivery(
        body=envelope_body(envelopes, form),
        headers=dict(WEBHOOK_HEADERS) if form == "webhook" else {},
        events=tuple(item[5] for item in group),
        ids=tuple(envelope["id"] for envelope in envelopes),
        attempt=1,
        due_ms=group[-1][0],
        envelope=form,
    )


def _bodies(due: Iterator[_Due], chooser: Chooser, form: str) -> Iterator[Delivery]:
    """First deliveries: events due one after another share a body, up to
    ``batch_limit()`` of them due within ``BATCH_WINDOW_MS`` of the first."""
    group: list[_Due] = []
    limit = 1
    for item in due:
        # Drawn for every event, so the number of choices does not depend on the delays
        # (Hypothesis prefers fewer choices, and would keep delays that skip this one).
        joins = chooser.joins() if group else False
        if group and (not joins or len(group) >= limit or item[0] - group[0][0] > BATCH_WINDOW_MS):
            yield _body(group, form)
            group = []
        if not group:
            limit = 1 if form == "kinesis" else chooser.batch_limit()
        group.append(item)
    if group:
        yield _body(group, form)


def deliver(
    timed: Iterable[Timed], chooser: Chooser, options: DeliveryOptions, *, lazy: bool = True
) -> Iterator[Delivery]:
    """The deliveries of a merged stream, in due order (redeliveries among them).

    ``lazy=False`` makes every delay, then every batch, then every redelivery choice in
    turn instead of interleaving them as the stream is read: for Hypothesis, whose
    shrinker must find the same choice at the same place when it lowers a delay.
    """
    pending: list[tuple[int, int, Delivery]] = []
    order = 0
    due: Iterator[_Due] = _in_due_order(timed, chooser, options.version)
    if not lazy:
        due = iter(list(due))
    bodies: Iterable[Delivery] = _bodies(due, chooser, options.envelope)
    if not lazy:
        bodies = list(bodies)
    for first in bodies:
        while pending and pending[0][0] < first.due_ms:  # later bodies fall due later
            yield heapq.heappop(pending)[2]
        heapq.heappush(pending, (first.due_ms, order, first))
        again = chooser.redelivery_ms(first.ids)
        if again is not None:
            redelivery = Delivery(
                first.body, first.headers, first.events, first.ids, 2,
                first.due_ms + again, first.envelope,
            )  # fmt: skip
            heapq.heappush(pending, (redelivery.due_ms, order + 1, redelivery))
        order += 2
    while pending:
        yield heapq.heappop(pending)[2]


def checked_deliveries(
    count: int,
    *,
    seed: int,
    start: int,
    accounts: int,
    realistic: bool,
    version: int,
    envelope: object,
    duplicates: object,
    max_delay: object,
    batch: object,
    data_as_string: object,
    on_call: Callable[[int], object] | None = None,
) -> Iterator[Delivery]:
    """The deliveries of the bulk stream of calls ``start .. start + count - 1``.

    The stream's arguments are checked first, then the delivery options, before any call
    is built (:func:`~._streams.checked_stream`; ``on_call`` as there), whichever face
    asked: ``generate_deliveries`` or ``callevent generate --stream --envelope``.
    Delays, batches and redeliveries come from ``seed`` (:class:`SeededChooser`).
    """
    stream = checked_stream(
        count, seed=seed, start=start, accounts=accounts, version=version,
        realistic=realistic, on_call=on_call,
    )  # fmt: skip
    options = check_delivery_options(
        envelope=envelope, duplicates=duplicates, max_delay=max_delay, batch=batch,
        data_as_string=data_as_string, version=version,
    )  # fmt: skip
    return deliver(stream, SeededChooser(seed, options), options)
