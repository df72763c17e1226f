"""``callevent send URL``: post a generated stream to a real endpoint as a webhook sink does.

The stream is :func:`callevent_toolkit.generate_deliveries` (seeded; accounts,
duplicates, delays and batches as options) and the posting
:func:`callevent_toolkit.sending.send_deliveries` (signed, 5 s timeout, retries with
backoff). The report goes to stdout; exit status 0 when every event was acknowledged at
least once, 1 otherwise, 2 for a usage error (a URL that is not http(s), no auth token,
httpx not installed, an option out of range).
"""

from __future__ import annotations

import argparse
import json
import math
import os
from typing import Any
from urllib.parse import urlsplit

from ..errors import InvalidArgument
from ..generation import generate_deliveries
from ..sending import HttpxMissingError, send_deliveries
from ._arguments import (
    add_format_option,
    at_most,
    delay_seconds,
    integer,
    non_negative,
    positive,
    positive_seconds,
    ratio,
    seconds,
)
from ._progress import ProgressBar
from ._streams import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Streams

__all__ = ["register"]

_TOKEN_VARIABLE = "TWILIO_AUTH_TOKEN"


def _per_second(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a positive number per second, got {text}")
    return value


def register(subparsers: Any) -> None:
    """Add ``send`` to the ``callevent`` parser."""
    parser = subparsers.add_parser(
        "send",
        help="post a generated stream of webhook deliveries to a URL",
        description="Post the webhook deliveries of COUNT generated calls to URL, signed "
        "with X-Twilio-Signature, retrying failed requests, and report what was "
        "acknowledged.",
        epilog=f"The auth token comes from --auth-token or ${_TOKEN_VARIABLE} (preferred: "
        "a command line is visible to other users). Exit status: 0 every event acknowledged "
        "at least once, 1 some never were, 2 usage error.",
    )
    parser.add_argument("url", metavar="URL", help="http:// or https:// endpoint")
    parser.add_argument("--auth-token", metavar="TOKEN", help="the token to sign with")
    parser.add_argument("--count", type=non_negative, default=10, help="calls (default 10)")
    parser.add_argument("--seed", type=integer, default=0, help="stream seed (default 0)")
    parser.add_argument(
        "--duplicates", type=ratio, default=0.0, help="share of bodies delivered twice"
    )
    parser.add_argument(
        "--max-delay", type=delay_seconds, default=90.0, metavar="S", help="delivery delay (90)"
    )
    parser.add_argument("--batch", type=at_most(100), default=1, help="events per body (1)")
    parser.add_argument(
        "--accounts", type=at_most(1000), default=1, metavar="A", help="accounts in the stream (1)"
    )
    parser.add_argument("--rate", type=_per_second, metavar="R", help="requests per second")
    parser.add_argument(
        "--max-attempts", type=positive, default=5, metavar="N", help="requests per delivery (5)"
    )
    parser.add_argument(
        "--timeout", type=positive_seconds, default=5.0, metavar="S", help="per request (5)"
    )
    parser.add_argument(
        "--backoff", type=seconds, default=1.0, metavar="S", help="first retry delay (1)"
    )
    add_format_option(parser, "the counts, statuses and latencies")
    parser.set_defaults(handler=_handle)


def _usage_problem(args: argparse.Namespace) -> str | None:
    try:
        parts = urlsplit(args.url)
    except ValueError as error:  # an unclosed [IPv6 bracket
        return f"URL is not a URL ({error}): {args.url!r}"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return f"URL must be an http:// or https:// URL with a host, got {args.url!r}"
    if "bodySHA256" in parts.query:
        return "URL must not carry a bodySHA256 parameter: send adds it for each body"
    if not args.auth_token:
        return f"no auth token: pass --auth-token or set {_TOKEN_VARIABLE}"
    return None


def _handle(args: argparse.Namespace, streams: Streams) -> int:
    args.auth_token = args.auth_token or os.environ.get(_TOKEN_VARIABLE)
    problem = _usage_problem(args)
    if problem is not None:
        streams.error(problem)
        return EXIT_USAGE
    stream = list(
        generate_deliveries(
            args.count,
            seed=args.seed,
            accounts=args.accounts,
            duplicates=args.duplicates,
            max_delay=args.max_delay,
            batch=args.batch,
        )
    )
    bar = ProgressBar(len(stream), streams.stderr, unit="deliveries")
    try:
        report = send_deliveries(
            stream,
            args.url,
            auth_token=args.auth_token,
            timeout=args.timeout,
            max_attempts=args.max_attempts,
            backoff=args.backoff,
            rate=args.rate,
            on_done=bar.advance if streams.stderr.isatty() else None,
        )
    except (HttpxMissingError, InvalidArgument) as error:
        streams.error(str(error))
        return EXIT_USAGE
    finally:
        bar.close()
    if args.format == "json":
        streams.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        streams.stdout.write(f"{report}\n")
    return EXIT_OK if report.ok else EXIT_INVALID
