"""A real webhook endpoint on 127.0.0.1 for ``send`` tests: it checks every request the
way a Twilio consumer does and can fail requests on purpose.

Every request is recorded with whether twilio-python's ``RequestValidator`` accepts its
signature and the CloudEvents the official SDK reads from its body (a JSON array, each
element read as a structured-mode CloudEvent). ``plan(n, ids)`` decides the answer to
request ``n`` (1-based) carrying ``ids``: an HTTP status, or ``"hang"`` to answer only
after ``hang_s`` seconds (past the client's timeout).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cloudevents.core.bindings.http import HTTPMessage, from_http_event
from twilio.request_validator import RequestValidator

TOKEN = "test-auth-token-0123456789abcdef"
Plan = Callable[[int, tuple[str, ...]], "int | str"]


@dataclass
class Received:
    path: str
    signature_ok: bool
    ids: tuple[str, ...]
    events: tuple[dict, ...]
    answer: int | str


@dataclass
class Endpoint:
    url: str
    plan: Plan
    hang_s: float = 1.0
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def acknowledged_ids(self) -> set[str]:
        return {i for r in self.received if r.answer == 200 for i in r.ids}


def _read_cloudevents(body: bytes) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    ids, events = [], []
    for element in json.loads(body):
        message = HTTPMessage(
            headers={"content-type": "application/cloudevents+json"},
            body=json.dumps(element).encode(),
        )
        event = from_http_event(message)
        ids.append(event.get_id())
        events.append(event.get_data())
    return tuple(ids), tuple(events)


def _handler_for(endpoint: Endpoint, base: str) -> type[BaseHTTPRequestHandler]:
    validator = RequestValidator(TOKEN)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            ok = (
                validator.validate(
                    base + self.path, body.decode(), self.headers.get("X-Twilio-Signature", "")
                )
                and self.headers.get("Content-Type") == "application/json"
            )
            ids, events = _read_cloudevents(body)
            with endpoint.lock:
                number = len(endpoint.received) + 1
                answer = endpoint.plan(number, ids)
                endpoint.received.append(Received(self.path, ok, ids, events, answer))
            if answer == "hang":
                time.sleep(endpoint.hang_s)
                answer = 200  # too late: the client has given up
            self.send_response(int(answer))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    return Handler


@contextmanager
def webhook_endpoint(plan: Plan = lambda n, ids: 200, *, hang_s: float = 1.0) -> Iterator[Endpoint]:
    """Serve on 127.0.0.1 (a free port) in a thread for the ``with`` block."""
    endpoint = Endpoint(url="", plan=plan, hang_s=hang_s)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = _handler_for(endpoint, base)
    endpoint.url = base + "/hook"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield endpoint
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
