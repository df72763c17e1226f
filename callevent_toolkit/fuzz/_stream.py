"""``fuzz_stream``: drive a fresh stateful consumer with a stream of deliveries.

A webhook consumer is judged on a stream, not on one event: redeliveries (same id),
any order, several calls interleaved, broken envelopes. Each example is one stream from
:func:`~._stream_data.delivery_streams` fed to a new consumer from ``factory``; the
consumer must take every valid delivery without raising, may refuse a broken one only
with a ``rejects`` exception, and after the stream every invariant must hold. Hypothesis
shrinks a failure to the shortest stream, as :mod:`._search` does for single events:
the failure is raised with the consumer's (or invariant's) exception as its context, so
distinct bugs are told apart and each is shrunk on its own.
"""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import seed as seed_
from hypothesis.errors import FlakyFailure

from ..errors import InvalidArgument
from ._naming import describe
from ._settings import search_settings
from ._stream_data import DeliveredStream, delivery_streams
from ._stream_report import StreamFailure, StreamFailureKind, StreamReport

__all__ = ["assert_stream_handles", "fuzz_stream"]

Consumer = Callable[[str], Any]
Invariant = Callable[[Any, DeliveredStream], object]
Rejects = type[BaseException] | tuple[type[BaseException], ...]


class _StreamFailedError(Exception):
    def __init__(self, failure: StreamFailure, cause: BaseException | None) -> None:
        super().__init__(failure.summary)
        self.failure = failure
        if cause is not None:
            self.__context__ = cause  # tells bugs apart (type and raising line)


def _raised(kind: StreamFailureKind, stream: DeliveredStream, exc: BaseException,
            **where: Any) -> _StreamFailedError:  # fmt: skip
    text = "".join(traceback.format_exception(exc))
    failure = StreamFailure(kind, stream.deliveries, exception=exc, traceback=text, **where)
    return _StreamFailedError(failure, exc)


def _feed(consumer: Consumer, stream: DeliveredStream, rejects: tuple[type[BaseException], ...]
          ) -> None:  # fmt: skip
    for position, delivery in enumerate(stream.deliveries):
        try:
            consumer(delivery.body)
        except Exception as exc:
            if delivery.malformed is None:
                raise _raised(StreamFailureKind.CRASHED_ON_VALID, stream, exc,
                              position=position) from None  # fmt: skip
            if not isinstance(exc, rejects):
                raise _raised(StreamFailureKind.WRONG_ERROR_ON_MALFORMED, stream, exc,
                              position=position) from None  # fmt: skip


def _check(consumer: Any, stream: DeliveredStream, invariants: Sequence[Invariant]) -> None:
    for invariant in invariants:
        name = describe(invariant)
        try:
            held = invariant(consumer, stream)
        except Exception as exc:
            raise _raised(StreamFailureKind.BROKE_INVARIANT, stream, exc,
                          invariant=name) from None  # fmt: skip
        if held is False:
            failure = StreamFailure(
                StreamFailureKind.BROKE_INVARIANT, stream.deliveries, invariant=name
            )
            raise _StreamFailedError(failure, None)


def _found_in(error: BaseException, flaky: bool = False) -> Iterator[StreamFailure]:
    if isinstance(error, _StreamFailedError):
        failure = error.failure
        yield replace(failure, flaky=True) if flaky else failure
    elif isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _found_in(inner, flaky or isinstance(error, FlakyFailure))


def fuzz_stream(
    factory: Callable[[], Consumer],
    *,
    invariants: Sequence[Invariant] = (),
    malformed: bool = True,
    rejects: Rejects = (ValueError,),
    max_examples: int = 100,
    max_deliveries: int = 20,
    seed: int | None = None,
) -> StreamReport:
    """Feed fresh consumers streams of webhook deliveries; report the shortest failures.

    ``factory()`` makes a new consumer for each stream: a callable taking a webhook body
    (the JSON array text a sink POSTs). A stream holds 1 to ``max_deliveries``
    deliveries of the events of one or two calls, with redeliveries (same CloudEvent
    ``id``), any order, batches of up to three events, ``data`` as an object or JSON
    text and, with ``malformed=True``, broken envelopes (no ``id``, wrong
    ``specversion``, ``data`` not JSON, not an array, ...). Raising on a valid delivery
    is ``crashed-on-valid-delivery``; on a broken one, raising something that is not
    a ``rejects`` exception is ``wrong-error-on-malformed-delivery`` (the default
    ``ValueError`` covers ``EnvelopeError`` and ``json.JSONDecodeError``; ignoring a
    broken delivery is fine). After the whole stream each ``invariant(consumer,
    stream)`` must neither raise nor return ``False`` (``stream`` is a
    :class:`DeliveredStream`: its ``deliveries`` and its unique valid ``events`` by id),
    else ``broke-invariant``.

    One Hypothesis search of ``max_examples`` streams (plus shrinking), seeded by
    ``seed`` (random when ``None``; it is in the report). Distinct bugs are reported
    separately, each shrunk to the shortest stream that shows it. Consumers are called
    on this thread with no timeout.
    """
    rejected = _check_arguments(factory, invariants, rejects, max_examples, max_deliveries, seed)
    run_seed = secrets.randbelow(2**32) if seed is None else seed
    streams = 0

    @search_settings(max_examples)
    @seed_(run_seed)
    @given(delivery_streams(malformed=malformed, max_deliveries=max_deliveries))
    def search(stream: DeliveredStream) -> None:
        nonlocal streams
        streams += 1
        consumer = factory()
        _feed(consumer, stream, rejected)
        _check(consumer, stream, invariants)

    failures: list[StreamFailure] = []
    try:
        search()
    except (Exception, BaseExceptionGroup) as error:
        failures = list(_found_in(error))
        if not failures:
            raise
    return StreamReport(describe(factory), run_seed, max_examples, streams, tuple(failures))


def assert_stream_handles(
    factory: Callable[[], Consumer],
    *,
    invariants: Sequence[Invariant] = (),
    malformed: bool = True,
    rejects: Rejects = (ValueError,),
    max_examples: int = 100,
    max_deliveries: int = 20,
    seed: int | None = None,
) -> None:
    """Run :func:`fuzz_stream`; raise ``AssertionError`` with its report on a failure."""
    __tracebackhide__ = True
    report = fuzz_stream(
        factory,
        invariants=invariants,
        malformed=malformed,
        rejects=rejects,
        max_examples=max_examples,
        max_deliveries=max_deliveries,
        seed=seed,
    )
    if not report.ok:
        raise AssertionError(str(report))


def _check_arguments(
    factory: object,
    invariants: object,
    rejects: object,
    max_examples: object,
    max_deliveries: object,
    seed: object,
) -> tuple[type[BaseException], ...]:
    if not callable(factory):
        raise InvalidArgument(f"factory must be callable, got {factory!r}")
    if not isinstance(invariants, Sequence) or not all(map(callable, invariants)):
        raise InvalidArgument(f"invariants must be a sequence of callables, got {invariants!r}")
    classes = rejects if isinstance(rejects, tuple) else (rejects,)
    if not classes or not all(isinstance(c, type) and issubclass(c, BaseException)
                              for c in classes):  # fmt: skip
        raise InvalidArgument(
            f"rejects must be an exception class or a tuple of them, got {rejects!r}"
        )
    for name, value in (("max_examples", max_examples), ("max_deliveries", max_deliveries)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InvalidArgument(f"{name} must be a positive integer, got {value!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise InvalidArgument(f"seed must be an integer or None, got {seed!r}")
    return classes
