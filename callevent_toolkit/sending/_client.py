"""Post deliveries to a URL the way an Event Streams webhook sink does.

One request at a time, in the order given (the order the sink has them due; ``due_ms``
is not waited for, ``rate`` sets the pace). A request that times out, cannot connect or
gets a non-2xx answer is tried again after an exponential backoff, up to
``max_attempts`` requests per delivery; meanwhile the next deliveries go out, so a
retried delivery arrives later than its successors, as real redeliveries do.

httpx is imported when a run starts, not with this module: it is the optional ``send``
extra, and the rest of the toolkit (and the CLI's other commands) must work without it.
"""

from __future__ import annotations

import heapq
import importlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .._checks import MAX_SECONDS
from ..errors import InvalidArgument
from ._report import SendReport
from ._signing import SIGNATURE_HEADER, body_hash_url, signature_of

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_TIMEOUT", "HttpxMissingError", "Sendable", "send_deliveries"]

#: Event Streams gives a webhook 5 s to answer.
DEFAULT_TIMEOUT = 5.0
_MAX_BACKOFF_S = 60.0
_USER_AGENT = "callevent-toolkit-send"


class HttpxMissingError(ImportError):
    """``send`` needs httpx, which is the ``callevent-toolkit[send]`` extra."""

    def __init__(self) -> None:
        super().__init__("sending needs httpx: pip install 'callevent-toolkit[send]'")


class Sendable(Protocol):
    """What is posted: a body, its headers and the CloudEvent ids inside."""

    @property
    def body(self) -> str: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def ids(self) -> tuple[str, ...]: ...


def _httpx() -> Any:
    try:
        return importlib.import_module("httpx")
    except ImportError:
        raise HttpxMissingError from None


@dataclass(order=True)
class _Pending:
    ready: float
    order: int
    attempt: int = field(compare=False)
    delivery: Sendable = field(compare=False)


class _Pacer:
    """At most ``rate`` request starts a second (``None``: no limit)."""

    def __init__(self, rate: float | None, clock: Callable[[], float]) -> None:
        self._interval = 0.0 if rate is None else 1.0 / rate
        self._clock = clock
        self._next = clock()

    def wait(self, sleep: Callable[[float], None]) -> None:
        now = self._clock()
        if now < self._next:
            sleep(self._next - now)
            now = self._next
        self._next = now + self._interval


def _check(
    url: str, auth_token: str, timeout: float, max_attempts: int, backoff: float, rate: float | None
) -> None:
    httpx_ = _httpx()
    try:
        parsed = httpx_.URL(url)
    except (httpx_.InvalidURL, TypeError) as error:
        raise InvalidArgument(f"url is not a URL ({error}): {url!r}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidArgument(f"url must be an http:// or https:// URL, got {url!r}")
    if not isinstance(auth_token, str) or not auth_token:
        raise InvalidArgument("auth_token must be a non-empty string")
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int) or max_attempts < 1:
        raise InvalidArgument(f"max_attempts must be a positive integer, got {max_attempts!r}")
    if not timeout > 0 or not backoff >= 0:
        raise InvalidArgument(f"timeout must be > 0 and backoff >= 0, got {timeout}, {backoff}")
    if timeout > MAX_SECONDS:  # a socket timeout past about 9.2e9 s overflows
        raise InvalidArgument(f"timeout must be at most {MAX_SECONDS:g} s, got {timeout}")
    if rate is not None and not 1 / MAX_SECONDS <= rate < float("inf"):
        raise InvalidArgument(
            f"rate must be None or at least 1/{MAX_SECONDS:g} (one request a day), got {rate!r}"
        )


class _Sender:
    """One run: the client, the retry queue and the report."""

    def __init__(self, client: httpx.Client, url: str, auth_token: str, report: SendReport):
        self._client, self._url, self._token, self.report = client, url, auth_token, report
        self._httpx = _httpx()

    def post(self, delivery: Sendable, clock: Callable[[], float]) -> bool:
        """POST ``delivery`` once; whether it was acknowledged (2xx)."""
        body = delivery.body.encode("utf-8")
        url = str(self._httpx.URL(body_hash_url(self._url, body)))
        headers = {**delivery.headers, "User-Agent": _USER_AGENT}
        headers[SIGNATURE_HEADER] = signature_of(url, self._token)
        self.report.requests += 1
        started = clock()
        try:
            response = self._client.post(url, content=body, headers=headers)
        except self._httpx.TimeoutException:
            self.report.by_status["timeout"] += 1
            return False
        except self._httpx.TransportError:
            self.report.by_status["connection-error"] += 1
            return False
        self.report.latencies_ms.append((clock() - started) * 1000)
        self.report.by_status[str(response.status_code)] += 1
        return bool(200 <= response.status_code < 300)


class _Queue:
    """New deliveries in order, and failed ones waiting for their retry time."""

    def __init__(self, deliveries: Iterable[Sendable], report: SendReport) -> None:
        self._source = iter(deliveries)
        self._waiting: list[_Pending] = []
        self._report = report
        self._order = 0

    def next(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> _Pending | None:
        """The next request to make: a retry that is due, else a new delivery, else the
        earliest retry (after waiting for it); ``None`` when all is done."""
        now = clock()
        if self._waiting and self._waiting[0].ready <= now:
            return heapq.heappop(self._waiting)
        delivery = next(self._source, None)
        if delivery is not None:
            self._report.deliveries += 1
            self._report.events.update(delivery.ids)
            self._order += 1
            return _Pending(now, self._order, 1, delivery)
        if not self._waiting:
            return None
        pending = heapq.heappop(self._waiting)
        sleep(max(pending.ready - clock(), 0.0))
        return pending

    def retry(self, pending: _Pending, ready: float) -> None:
        """Try ``pending`` again at ``ready``."""
        heapq.heappush(
            self._waiting, _Pending(ready, pending.order, pending.attempt + 1, pending.delivery)
        )


def _settle(pending: _Pending, acknowledged: bool, report: SendReport, max_attempts: int) -> bool:
    """Count the outcome of one request; whether to retry it."""
    if pending.attempt > 1:
        report.retried += 1
    if acknowledged:
        report.acknowledged += 1
        report.acknowledged_ids.update(pending.delivery.ids)
        return False
    if pending.attempt < max_attempts:
        return True
    report.failed += 1
    return False


def send_deliveries(
    deliveries: Iterable[Sendable],
    url: str,
    *,
    auth_token: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_attempts: int = 5,
    backoff: float = 1.0,
    rate: float | None = None,
    on_done: Callable[[int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> SendReport:
    """POST every delivery to ``url``, signed for ``auth_token``; retry failures; report.

    Each request carries the delivery's headers and ``X-Twilio-Signature`` computed as
    Twilio does for a JSON body (``bodySHA256`` in the URL, HMAC-SHA1 over the URL), so
    ``twilio.request_validator.RequestValidator(auth_token).validate(url, body,
    signature)`` accepts it. A request that times out after ``timeout`` seconds, cannot
    connect or is answered with a non-2xx status is retried after ``backoff`` seconds,
    doubling each time (at most 60 s), until ``max_attempts`` requests were made for that
    delivery. ``rate`` caps requests per second. ``on_done(1)`` is called whenever a
    delivery is acknowledged or given up (for a progress bar). Raises
    :class:`HttpxMissingError` without httpx, ``InvalidArgument`` for a bad argument.
    """
    _check(url, auth_token, timeout, max_attempts, backoff, rate)
    httpx_ = _httpx()
    report = SendReport(url=url)
    queue = _Queue(deliveries, report)
    pacer = _Pacer(rate, clock)
    with httpx_.Client(timeout=timeout, transport=transport, follow_redirects=False) as client:
        sender = _Sender(client, url, auth_token, report)
        while (pending := queue.next(clock, sleep)) is not None:
            pacer.wait(sleep)
            acknowledged = sender.post(pending.delivery, clock)
            if _settle(pending, acknowledged, report, max_attempts):
                delay = min(backoff * 2 ** (pending.attempt - 1), _MAX_BACKOFF_S)
                queue.retry(pending, clock() + delay)
            elif on_done is not None:
                on_done(1)
    return report
