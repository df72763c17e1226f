"""The work of ``generate`` and ``validate`` cut into units any process can do.

Event *k* of a seed depends only on ``(seed, k)``, and a plain NDJSON file can be cut into
line-aligned byte ranges, so both commands split into independent, picklable units: a
window of a run rendered to NDJSON bytes, a byte range (or a whole file) checked into a
:class:`FileSummary` and its problems. ``--jobs`` runs them in a local process pool
(:func:`ordered_map`); :mod:`callevent_toolkit.jobs.dask` runs the very same units on a
Dask cluster. Because both run these functions and merge in index or line order, neither
can drift from the one-process result.

Nothing here imports Dask: :mod:`callevent_toolkit.jobs.dask` is imported only when used.
The package is a lazy facade, as the root one is: a name is imported from its module on
first use, so ``callevent validate`` (checking) never loads the generator and the engine
that rendering needs (about 90 ms of a one-line run's start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_facade as _lazy_facade

if TYPE_CHECKING:
    from ._address import ClusterAddress, parse_cluster_address
    from ._checking import (
        READ_ERRORS,
        FileSummary,
        Problem,
        check_range,
        check_records,
        check_stream,
        count_invalid_line,
        describe_read_error,
    )
    from ._deliveries import (
        ENVELOPES,
        DeliverySpec,
        StreamSpec,
        render_deliveries,
        render_delivery_chunk,
        render_stream,
    )
    from ._merging import fold_range
    from ._pool import ordered_map
    from ._rendering import CHUNK_EVENTS, Chunk, RunSpec, render_chunk, render_chunks, windows

#: public name -> the module of this package that defines it
_HOMES = {
    "ClusterAddress": "_address",
    "parse_cluster_address": "_address",
    "READ_ERRORS": "_checking",
    "FileSummary": "_checking",
    "Problem": "_checking",
    "check_range": "_checking",
    "check_records": "_checking",
    "check_stream": "_checking",
    "count_invalid_line": "_checking",
    "describe_read_error": "_checking",
    "ENVELOPES": "_deliveries",
    "DeliverySpec": "_deliveries",
    "StreamSpec": "_deliveries",
    "render_deliveries": "_deliveries",
    "render_delivery_chunk": "_deliveries",
    "render_stream": "_deliveries",
    "fold_range": "_merging",
    "ordered_map": "_pool",
    "CHUNK_EVENTS": "_rendering",
    "Chunk": "_rendering",
    "RunSpec": "_rendering",
    "render_chunk": "_rendering",
    "render_chunks": "_rendering",
    "windows": "_rendering",
}

__all__ = [
    "CHUNK_EVENTS",
    "ENVELOPES",
    "READ_ERRORS",
    "Chunk",
    "ClusterAddress",
    "DeliverySpec",
    "FileSummary",
    "Problem",
    "RunSpec",
    "StreamSpec",
    "check_range",
    "check_records",
    "check_stream",
    "count_invalid_line",
    "describe_read_error",
    "fold_range",
    "ordered_map",
    "parse_cluster_address",
    "render_chunk",
    "render_chunks",
    "render_deliveries",
    "render_delivery_chunk",
    "render_stream",
    "windows",
]

__getattr__, __dir__ = _lazy_facade(__name__, _HOMES, __all__)
