"""The work of ``generate`` and ``validate`` cut into units any process can do.

Event *k* of a seed depends only on ``(seed, k)``, and a plain NDJSON file can be cut into
line-aligned byte ranges, so both commands split into independent, picklable units: a
window of a run rendered to NDJSON bytes, a byte range (or a whole file) checked into a
:class:`FileSummary` and its problems. ``--jobs`` runs them in a local process pool
(:func:`ordered_map`); :mod:`callevent_toolkit.jobs.dask` runs the very same units on a
Dask cluster. Because both run these functions and merge in index or line order, neither
can drift from the one-process result.

Nothing here imports Dask: :mod:`callevent_toolkit.jobs.dask` is imported only when used.
"""

from __future__ import annotations

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
