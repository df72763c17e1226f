"""``callevent fuzz MODULE:FUNCTION``: fuzz an event handler from the command line.

The handler (and any ``--rejects`` exception class) is named ``package.module:attribute``
and imported with the current directory on ``sys.path``, as ``python -m`` would. A target
that cannot be imported, found or called is a usage error (exit 2) with a one-line
message: the traceback of a typo helps nobody. Exit 1 when the fuzzer found failures;
the report shows each minimal event as JSON and the command that replays the run.

The options map one to one onto :class:`~callevent_toolkit.fuzz.FuzzOptions`; this
module owns their command-line spelling, both ways: argparse reads them, and
:func:`replay_command` renders a run's options back into a ``callevent fuzz`` command.
What the handler prints while it is fuzzed is captured (its size is mentioned on
stderr), so stdout holds the report alone: with ``--format json``, one JSON document.
That includes writes past ``sys.stdout`` to file descriptor 1 (``sys.__stdout__``,
``os.write``, child processes): see :mod:`._fuzz_output`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shlex
import sys
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import replace
from typing import Any

from ..errors import InvalidArgument
from ..fuzz import DEFAULT_TIMEOUT, PHASES, FuzzOptions, FuzzReport, fuzz_handler
from ._arguments import add_format_option, add_version_option, integer, positive, positive_seconds
from ._fuzz_output import HandlerOutput, descriptor_captured
from ._streams import EXIT_INVALID, EXIT_OK, EXIT_USAGE, Streams

__all__ = ["load_object", "register", "replay_command"]


class BadTargetError(Exception):
    """A ``module:attribute`` that does not name what it should; the message says why."""


def register(subparsers: Any) -> None:
    """Add ``fuzz`` to the ``callevent`` parser."""
    parser = subparsers.add_parser(
        "fuzz",
        help="fuzz an event handler with valid and invalid CallEvents",
        description=(
            "Call MODULE:FUNCTION with valid CallEvents and invalid ones: first the "
            "deterministic coverage cases (realistic events with one hostile part; every "
            "constraint broken alone), then random searches (realistic, contract-space and "
            "hybrid events; invalid events per kind of rule). Report the event for every "
            "crash on a valid event, every invalid event accepted and every wrong exception."
        ),
        epilog="Exit status: 0 no failure, 1 failures found, 2 usage error or a target that "
        "cannot be imported. What the handler prints is captured, never mixed into the report.",
    )
    parser.add_argument("target", metavar="MODULE:FUNCTION", help="the handler to fuzz")
    parser.add_argument(
        "--rejects",
        action="append",
        metavar="MODULE:EXCEPTION",
        help="exception class that means 'rejected' (repeatable; default: any Exception)",
    )
    parser.add_argument(
        "--max-examples",
        type=positive,
        default=200,
        metavar="N",
        help="examples per kind of random search; the random phase makes about six times as "
        "many calls (default: 200)",
    )
    parser.add_argument("--seed", type=integer, metavar="S", help="replay a run (default: random)")
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"per-call limit before a call counts as a hang (default: {DEFAULT_TIMEOUT:g})",
    )
    _add_choice_options(parser)
    add_format_option(parser, "every failure, its minimal event and the replay command")
    add_version_option(parser)
    parser.set_defaults(handler=_handle)


def _names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(","))
    if not all(names):
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of names")
    return names


def _add_choice_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose what runs (see ``FuzzOptions``)."""
    parser.add_argument(
        "--no-valid", dest="valid", action="store_false", help="skip the valid events"
    )
    parser.add_argument(
        "--no-invalid",
        dest="invalid",
        action="store_false",
        help="skip the invalid events (a handler that trusts an upstream check)",
    )
    parser.add_argument(
        "--keywords",
        type=_names,
        metavar="K,...",
        help="break only these kinds of rule in invalid events (default: all)",
    )
    parser.add_argument(
        "--skip-keywords",
        type=_names,
        default=(),
        metavar="K,...",
        help="never break these kinds of rule (e.g. additionalProperties, for a handler "
        "that tolerates unknown fields)",
    )
    parser.add_argument(
        "--phases",
        type=_names,
        default=PHASES,
        metavar="P,...",
        help=f"which phases run: {', '.join(PHASES)} (default: both)",
    )
    parser.add_argument(
        "--factory",
        action="store_true",
        help="MODULE:FUNCTION is a factory: called with no arguments for a fresh handler "
        "per event (stateful handlers)",
    )


def load_object(spec: str) -> object:
    """Import ``package.module:attribute`` (dotted attributes allowed) and return it."""
    module_name, colon, attribute = spec.partition(":")
    if not colon or not module_name or not attribute:
        raise BadTargetError(f"{spec!r} is not of the form package.module:function")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        found: object = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module_name + ".").startswith(exc.name + "."):
            raise BadTargetError(f"cannot import {module_name!r}: {exc}") from None
        raise BadTargetError(_while_importing(module_name, exc)) from None
    except KeyboardInterrupt:
        raise  # Ctrl-C while importing: the user's, main() ends the run
    except BaseException as exc:  # a module that exits (or raises anything) on import
        raise BadTargetError(_while_importing(module_name, exc)) from None
    for part in attribute.split("."):
        if not hasattr(found, part):
            raise BadTargetError(f"{spec!r}: {module_name!r} has no attribute {attribute!r}")
        found = getattr(found, part)
    return found


def _while_importing(module_name: str, exc: BaseException) -> str:
    return f"importing {module_name!r} raised {type(exc).__name__}: {exc}"


def _load_handler(spec: str) -> Any:
    handler = load_object(spec)
    if not callable(handler):
        raise BadTargetError(f"{spec!r} is not callable (its type is {type(handler).__name__})")
    return handler


def _load_exception(spec: str) -> type[BaseException]:
    cls = load_object(spec)
    if not (isinstance(cls, type) and issubclass(cls, BaseException)):
        raise BadTargetError(f"--rejects {spec!r} is not an exception class")
    return cls


def _options(args: argparse.Namespace) -> FuzzOptions:
    rejects = tuple(_load_exception(spec) for spec in args.rejects or ())
    return FuzzOptions(
        valid=args.valid,
        invalid=args.invalid,
        rejects=rejects or (Exception,),
        max_examples=args.max_examples,
        seed=args.seed,
        timeout=args.timeout,
        version=args.version,
        keywords=args.keywords,
        skip_keywords=args.skip_keywords,
        phases=args.phases,
        factory=args.factory,
    )


def replay_command(target: str, options: FuzzOptions, rejects: Sequence[str] = ()) -> str:
    """The ``callevent fuzz`` command line that repeats a run with ``options`` (quoted).

    ``rejects`` are the ``MODULE:EXCEPTION`` names the exception classes were given by;
    only options that differ from the defaults appear (the seed always does).
    """
    argv = ["callevent", "fuzz", target, "--seed", str(options.seed)]
    argv += ["--max-examples", str(options.max_examples)]
    changed = options.changed()
    for spec in rejects:
        argv += ["--rejects", spec]
    if "timeout" in changed:
        short = f"{options.timeout:g}"  # "2", not "2.0"; but never at the cost of exactness
        argv += ["--timeout", short if float(short) == options.timeout else repr(options.timeout)]
    argv += [flag for name, flag in _FLAGS.items() if name in changed]
    for name in ("keywords", "skip_keywords", "phases"):
        if name in changed:
            argv += [f"--{name.replace('_', '-')}", ",".join(changed[name])]
    if "version" in changed:
        argv += ["--version", str(options.version)]
    return shlex.join(argv)


_FLAGS = {"valid": "--no-valid", "invalid": "--no-invalid", "factory": "--factory"}


def _fuzz(args: argparse.Namespace) -> FuzzReport:
    handler = _load_handler(args.target)
    report = fuzz_handler(handler, _options(args))
    return replace(report, replay=replay_command(args.target, report.options, args.rejects or ()))


def _handle(args: argparse.Namespace, streams: Streams) -> int:
    printed = HandlerOutput()
    # The handler runs with sys.stdout and sys.stderr captured (and so does the report
    # writing, in case an abandoned handler thread still prints), and with file descriptor
    # 1 captured while it is fuzzed: ``--format json`` stdout must be one JSON document,
    # whatever the handler prints. ``streams`` keeps the real streams.
    with redirect_stdout(printed), redirect_stderr(printed):
        try:
            with descriptor_captured(streams.stdout, printed):
                report = _fuzz(args)
        except (BadTargetError, InvalidArgument) as exc:
            streams.error(str(exc))
            return EXIT_USAGE
        _write_report(report, args.format, streams)
    if printed.summary():
        streams.error(
            f"the handler printed {printed.summary()} while it was fuzzed (captured, not shown)"
        )
    return EXIT_OK if report.ok else EXIT_INVALID


def _write_report(report: FuzzReport, format: str, streams: Streams) -> None:
    if format == "json":
        json.dump(report.to_json(), streams.stdout, ensure_ascii=False, indent=2, default=repr)
        streams.stdout.write("\n")
    else:
        streams.stdout.write(f"{report}\n")
