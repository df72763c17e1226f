"""``callevent send`` against a real HTTP server on 127.0.0.1 that checks each request
as a Twilio consumer would: twilio-python's ``RequestValidator`` for the signature, the
official CloudEvents SDK for the body. Every test posts a few dozen requests at most and
runs under a hard time bound (SIGALRM)."""

from __future__ import annotations

import io
import json
import signal
import sys
from collections import defaultdict

import httpx
import pytest
from _cli import callevent
from _webhook_server import TOKEN, webhook_endpoint
from twilio.request_validator import RequestValidator

from callevent_toolkit import InvalidArgument, generate_deliveries, generate_stream
from callevent_toolkit.cli import run
from callevent_toolkit.envelopes import to_cloudevent
from callevent_toolkit.sending import (
    SIGNATURE_HEADER,
    HttpxMissingError,
    body_hash_url,
    percentile,
    send_deliveries,
    signature_of,
)

FAST = ["--timeout", "0.3", "--backoff", "0.02"]


def deliveries(count, **options):
    """The real generator's deliveries, as a list (the sender takes any iterable)."""
    return list(generate_deliveries(count, **options))


@pytest.fixture(autouse=True)
def time_bound():
    """Fail (not hang) a test that runs past 20 s."""

    def expire(*_: object) -> None:
        raise TimeoutError("test ran past its 20 s bound")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, 20)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


# -- signing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/hook",
        "https://example.com:8443/a/b?tenant=7&x=%20y",
        "http://127.0.0.1:8080/hook?",
    ],
)
def test_twilio_request_validator_accepts_the_signature_and_only_for_its_token(url):
    body = '[{"specversion":"1.0","id":"EZ1"}]'
    signed = body_hash_url(url, body.encode())
    signature = signature_of(signed, TOKEN)
    assert RequestValidator(TOKEN).validate(signed, body, signature)
    assert not RequestValidator(TOKEN + "x").validate(signed, body, signature)
    assert not RequestValidator(TOKEN).validate(signed, body + " ", signature)


def test_body_hash_keeps_the_query_and_drops_the_fragment():
    signed = body_hash_url("https://h/p?a=1#frag", b"[]")
    assert signed.startswith("https://h/p?a=1&bodySHA256=")
    assert "#" not in signed
    with pytest.raises(ValueError, match="bodySHA256"):
        body_hash_url(signed, b"[]")


# -- posting to a real endpoint -----------------------------------------------------------


def test_every_request_is_signed_and_every_body_is_cloudevents_the_sdk_reads():
    stream = deliveries(4, seed=3, duplicates=0.3, batch=2)
    with webhook_endpoint() as endpoint:
        report = send_deliveries(stream, endpoint.url, auth_token=TOKEN)
    assert report.ok
    assert report.failed == 0
    assert report.retried == 0
    assert len(endpoint.received) == len(stream) == report.requests == report.acknowledged
    assert all(r.signature_ok for r in endpoint.received)
    assert [r.ids for r in endpoint.received] == [d.ids for d in stream]
    assert [r.events for r in endpoint.received] == [d.events for d in stream]
    assert all(r.path.startswith("/hook?bodySHA256=") for r in endpoint.received)
    assert report.by_status == {"200": len(stream)}
    assert len(report.latencies_ms) == len(stream)
    sizes = {len(r.ids) for r in endpoint.received}
    assert max(sizes) == 2  # --batch 2: two events a body (the last may hold one)


def test_failed_requests_are_retried_until_every_event_arrives():
    first_seen: set[tuple[str, ...]] = set()

    def plan(number: int, ids: tuple[str, ...]) -> int | str:
        """Fail the first request of every third body (500), hang on request 2."""
        fresh = ids not in first_seen
        first_seen.add(ids)
        if number == 2:
            return "hang"
        return 500 if fresh and number % 3 == 0 else 200

    stream = deliveries(3, seed=5, duplicates=0.4)
    with webhook_endpoint(plan, hang_s=2.0) as endpoint:
        report = send_deliveries(stream, endpoint.url, auth_token=TOKEN, timeout=0.3, backoff=0.02)
    expected = {i for d in stream for i in d.ids}
    assert report.ok
    assert endpoint.acknowledged_ids() == expected == report.acknowledged_ids
    assert report.by_status["timeout"] == 1
    assert report.by_status["500"] >= 1
    assert report.retried == report.by_status["timeout"] + report.by_status["500"]
    assert report.requests == len(stream) + report.retried == len(endpoint.received)
    assert all(r.signature_ok for r in endpoint.received)


def test_other_bodies_go_out_while_a_failed_one_waits_for_its_retry():
    stream = deliveries(1, seed=0, max_delay=0)
    assert len(stream) >= 3
    with webhook_endpoint(lambda n, ids: 500 if n == 1 else 200) as endpoint:
        report = send_deliveries(stream, endpoint.url, auth_token=TOKEN, backoff=0.2)
    order = [r.ids for r in endpoint.received]
    assert order[0] == order[-1] == stream[0].ids  # failed first, retried last
    assert order[1:-1] == [d.ids for d in stream[1:]]
    assert report.ok
    assert report.retried == 1


def test_an_endpoint_that_does_not_answer_is_a_connection_error():
    with webhook_endpoint() as endpoint:
        closed = endpoint.url  # the server is gone after the block: nothing listens
    stream = deliveries(1, seed=0)[:2]
    report = send_deliveries(stream, closed, auth_token=TOKEN, max_attempts=2, backoff=0.01)
    assert report.by_status == {"connection-error": 4}
    assert report.latencies_ms == []
    assert report.failed == 2


def test_duplicates_keep_their_id_and_their_event():
    stream = deliveries(3, seed=2, duplicates=0.5)
    with webhook_endpoint() as endpoint:
        send_deliveries(stream, endpoint.url, auth_token=TOKEN)
    by_id = defaultdict(list)
    for received in endpoint.received:
        for cloud_id, event in zip(received.ids, received.events, strict=True):
            by_id[cloud_id].append(event)
            assert cloud_id == to_cloudevent(event)["id"]
    repeated = [events for events in by_id.values() if len(events) > 1]
    assert repeated, "a 0.5 duplicate share redelivers some event"
    assert all(all(e == events[0] for e in events) for events in repeated)


def test_arrival_order_differs_from_emission_order():
    stream = deliveries(4, seed=1, max_delay=90)
    with webhook_endpoint() as endpoint:
        send_deliveries(stream, endpoint.url, auth_token=TOKEN)
    arrived = [i for r in endpoint.received for i in r.ids]
    emitted = {to_cloudevent(e)["id"] for e in generate_stream(4, seed=1)}
    assert set(arrived) == emitted
    per_call = defaultdict(list)
    for received in endpoint.received:
        for event in received.events:
            per_call[event["call_sid"]].append(event["timestamp"])
    assert any(stamps != sorted(stamps) for stamps in per_call.values())


def test_a_delivery_that_always_fails_is_given_up_after_max_attempts():
    with webhook_endpoint(lambda n, ids: 503) as endpoint:
        stream = deliveries(1, seed=0)
        report = send_deliveries(
            stream, endpoint.url, auth_token=TOKEN, max_attempts=3, backoff=0.01
        )
    assert not report.ok
    assert report.failed == len(stream)
    assert report.acknowledged == 0
    assert report.requests == 3 * len(stream) == len(endpoint.received)
    assert report.missing == sorted({i for d in stream for i in d.ids})


def test_a_stream_of_one_account_arrives_signed_at_least_once_and_out_of_order():
    """The whole path: ``callevent send`` posts ``generate_deliveries`` of one account's
    overlapping calls (batches, duplicates) to an endpoint that fails some requests (500,
    one hang past the timeout); the endpoint checks each signature with twilio-python and
    reads each body with the CloudEvents SDK."""
    seen: set[tuple[str, ...]] = set()

    def plan(number: int, ids: tuple[str, ...]) -> int | str:
        fresh = ids not in seen
        seen.add(ids)
        if number == 3:
            return "hang"
        return 500 if fresh and number % 7 == 0 else 200

    # A hang well past the 0.3 s timeout: on a loaded machine a client descheduled for
    # longer than the hang would read the late 200 the endpoint does not count.
    with webhook_endpoint(plan, hang_s=2.0) as endpoint:
        result = callevent(
            "send", endpoint.url, "--auth-token", TOKEN, "--count", "5", "--seed", "11",
            "--duplicates", "0.3", "--batch", "2", "--format", "json", *FAST,
        )  # fmt: skip
    assert result.status == 0, result.err
    received = endpoint.received
    assert 40 < len(received) < 200  # bounded
    assert all(r.signature_ok for r in received)
    assert {r.answer for r in received} >= {200, 500, "hang"}
    emitted = list(generate_stream(5, seed=11))
    emitted_ids = [to_cloudevent(e)["id"] for e in emitted]
    assert endpoint.acknowledged_ids() == set(emitted_ids)  # every event, at least once
    assert len({e["account_sid"] for r in received for e in r.events}) == 1
    copies = defaultdict(list)
    for r in received:
        for cloud_id, event in zip(r.ids, r.events, strict=True):
            copies[cloud_id].append(event)
    assert any(len(c) > 1 for c in copies.values())
    assert all(all(e == c[0] for e in c) for c in copies.values())  # same id, same event
    first_arrival = list(dict.fromkeys(i for r in received for i in r.ids))
    assert first_arrival != emitted_ids
    assert sorted(first_arrival) == sorted(emitted_ids)
    report = json.loads(result.out)
    assert report["retried"] == sum(1 for r in received if r.answer != 200)


# -- pacing and backoff, on a mock transport and a fake clock -------------------------------


class _FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_retries_back_off_exponentially():
    fake = _FakeTime()
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    stream = deliveries(1, seed=0)[:1]
    report = send_deliveries(
        stream, "http://127.0.0.1:1/h", auth_token=TOKEN, max_attempts=4, backoff=0.5,
        transport=transport, clock=fake.clock, sleep=fake.sleep,
    )  # fmt: skip
    assert fake.sleeps == [0.5, 1.0, 2.0]
    assert report.requests == 4
    fake.sleeps.clear()
    send_deliveries(
        stream, "http://127.0.0.1:1/h", auth_token=TOKEN, max_attempts=5, backoff=20,
        transport=transport, clock=fake.clock, sleep=fake.sleep,
    )  # fmt: skip
    assert fake.sleeps == [20, 40, 60, 60]  # doubling, capped at 60 s
    assert report.failed == 1


def test_rate_spaces_request_starts():
    fake = _FakeTime()
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    stream = deliveries(1, seed=0)[:4]
    report = send_deliveries(
        stream, "http://127.0.0.1:1/h", auth_token=TOKEN, rate=10,
        transport=httpx.MockTransport(answer), clock=fake.clock, sleep=fake.sleep,
    )  # fmt: skip
    assert fake.sleeps == [0.1, 0.1, 0.1]
    assert report.ok
    assert report.by_status == {"204": 4}
    assert all(SIGNATURE_HEADER in request.headers for request in seen)
    assert all(request.headers["content-type"] == "application/json" for request in seen)


def test_on_done_counts_each_delivery_once():
    done: list[int] = []
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    stream = deliveries(2, seed=0)
    send_deliveries(
        stream, "http://127.0.0.1:1/h", auth_token=TOKEN, transport=transport,
        on_done=done.append,
    )  # fmt: skip
    assert sum(done) == len(stream)


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert [percentile(values, r) for r in (50, 90, 99)] == [50.0, 90.0, 99.0]
    assert percentile([], 50) is None
    assert percentile([7.0], 99) == 7.0


@pytest.mark.parametrize(
    ("url", "kwargs"),
    [
        ("ftp://h/x", {}),
        ("http://[::1", {}),
        ("http://h/x", {"max_attempts": 0}),
        ("http://h/x", {"timeout": 0}),
    ],
)
def test_bad_arguments_are_refused(url, kwargs):
    with pytest.raises(InvalidArgument):
        send_deliveries([], url, auth_token=TOKEN, **kwargs)


# -- the command --------------------------------------------------------------------------


def test_the_command_reports_every_event_acknowledged():
    with webhook_endpoint() as endpoint:
        result = callevent(
            "send", endpoint.url, "--auth-token", TOKEN, "--count", "3", "--duplicates",
            "0.3", "--batch", "2", "--format", "json", *FAST,
        )  # fmt: skip
    assert result.status == 0, result.err
    report = json.loads(result.out)
    assert report["ok"]
    assert report["events"] == report["events_acknowledged"] > 0
    assert report["requests"] == len(endpoint.received)
    assert set(report["latency_ms"]) == {"p50", "p90", "p99"}
    assert all(r.signature_ok for r in endpoint.received)


def test_the_command_exits_1_when_some_event_is_never_acknowledged(monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", TOKEN)
    with webhook_endpoint(lambda n, ids: 500) as endpoint:
        result = callevent("send", endpoint.url, "--count", "1", "--max-attempts", "2", *FAST)
    assert result.status == 1, result.err
    assert "never acknowledged: EZ" in result.out
    assert "by status: 500 x" in result.out
    assert all(r.signature_ok for r in endpoint.received)  # the token came from the env
    with webhook_endpoint(lambda n, ids: 500) as endpoint:
        result = callevent("send", endpoint.url, "--count", "1", "--max-attempts", "1",
                           "--format", "json", *FAST)  # fmt: skip
    report = json.loads(result.out)
    assert report["missing_ids"] == sorted({i for r in endpoint.received for i in r.ids})
    assert report["failed"] == report["deliveries"] == len(endpoint.received)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_counts_bodies_on_a_terminal():
    out, err = io.StringIO(), _Terminal()
    with webhook_endpoint() as endpoint:
        status = run(["send", endpoint.url, "--auth-token", TOKEN, "--count", "2",
                      "--rate", "20"], out, err)  # fmt: skip
        bodies = len(endpoint.received)
        plain = callevent("send", endpoint.url, "--auth-token", TOKEN, "--count", "1")
    assert status == 0
    assert "deliveries/s" in err.getvalue()
    assert f"100% {bodies}/{bodies} " in err.getvalue()
    assert plain.status == 0
    assert plain.err == ""  # not a terminal: no bar


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["send", "ftp://127.0.0.1/x", "--auth-token", "t"], "http:// or https://"),
        (["send", "http://127.0.0.1:9/x?bodySHA256=1", "--auth-token", "t"], "bodySHA256"),
        (["send", "http://127.0.0.1:9/x"], "TWILIO_AUTH_TOKEN"),
        (["send", "http://[::1", "--auth-token", "t"], "not a URL"),
        (["send", "http://127.0.0.1:9/x", "--batch", "101"], "--batch: must be at most 100"),
        (["send", "http://127.0.0.1:9/x", "--max-delay", "14401"], "must be at most 14400"),
        (["send", "http://127.0.0.1:9/x", "--accounts", "0"], "--accounts: must be 1 or more"),
    ],
)
def test_usage_errors_exit_2(argv, message, monkeypatch):
    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    result = callevent(*argv)
    assert result.status == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_without_httpx_send_is_a_usage_error_naming_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "httpx", None)  # import httpx now raises ImportError
    with pytest.raises(HttpxMissingError):
        send_deliveries([], "http://127.0.0.1:9/", auth_token=TOKEN)
    result = callevent("send", "http://127.0.0.1:9/", "--auth-token", "t", "--count", "1")
    assert result.status == 2
    assert "callevent-toolkit[send]" in result.err
