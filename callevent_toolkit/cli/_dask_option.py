"""``--dask WHERE``, shared by ``generate`` and ``validate``: parse it, load Dask, connect.

The option is checked when the command line is parsed, without Dask; Dask itself is
imported only once a command runs with ``--dask`` (a run without it never loads it), and
its absence is a usage error that names the extra to install.
"""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any

from ..errors import DaskMissingError
from ..jobs import parse_cluster_address
from ._progress import ProgressBar
from ._streams import Streams

__all__ = ["add_dask_option", "announce", "dask_for", "load_dask", "progress_bar"]


def _where(text: str) -> str:
    try:
        parse_cluster_address(text)
    except ValueError as exc:  # InvalidArgument, without importing Hypothesis to name it
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def add_dask_option(parser: argparse.ArgumentParser, what: str) -> None:
    """``--dask local|local:W|tcp://HOST:PORT``."""
    parser.add_argument(
        "--dask",
        metavar="WHERE",
        type=_where,
        help=f"{what} on Dask: 'local' (a worker process per core), 'local:W' (W workers) "
        "or a scheduler address such as tcp://HOST:8786; needs callevent-toolkit[dask]",
    )


def load_dask(streams: Streams) -> ModuleType | None:
    """:mod:`callevent_toolkit.jobs.dask`, or ``None`` after saying which extra is missing."""
    try:
        from ..jobs import dask
    except DaskMissingError as exc:
        streams.error(str(exc))
        return None
    return dask


def dask_for(problem: str | None, streams: Streams) -> ModuleType | None:
    """:func:`load_dask` once the command's own ``--dask`` usage check passed (``problem``
    is its complaint, or ``None``); ``None`` after saying what is wrong (exit 2)."""
    if problem:
        streams.error(problem)
        return None
    return load_dask(streams)


def announce(dask: ModuleType, client: Any, streams: Streams, *, quiet: bool) -> None:
    """The dashboard link on stderr, where a long run can be watched (unless ``quiet``)."""
    link = dask.dashboard_link(client)
    if link is not None and not quiet:
        streams.stderr.write(f"callevent: Dask dashboard: {link}\n")


def progress_bar(streams: Streams, total: int, unit: str, *, quiet: bool) -> ProgressBar | None:
    """A bar on a terminal's stderr (as ``generate`` draws one), otherwise none."""
    return (
        None
        if quiet or not streams.stderr.isatty()
        else ProgressBar(total, streams.stderr, unit=unit)
    )
