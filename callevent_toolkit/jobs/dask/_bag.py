"""The events of a seed as a :class:`dask.bag.Bag`, for notebooks and pipelines.

Each partition is one window of the run, generated where it is computed: nothing but the
window is sent to a worker, and event *k* is the same as ``generate(...)``'s event *k*,
whatever the partitioning, because it depends only on ``(seed, k)``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import dask.bag

from ..._checks import check_bool, check_int, check_ratio, check_seed, check_version
from ...generation import generate
from ...schemas import DEFAULT_VERSION
from .._rendering import windows

__all__ = ["event_bag"]

#: Events per partition when ``partitions`` is not given.
_DEFAULT_PARTITION = 100_000


def _events(
    parts: Iterable[tuple[int, int]], seed: int, realistic: bool, version: int, ratio: float
) -> list[Any]:
    return [
        event
        for start, count in parts
        for event in generate(
            count,
            seed=seed,
            start=start,
            realistic=realistic,
            version=version,
            invalid_ratio=ratio,
        )
    ]


def event_bag(
    count: int,
    *,
    seed: int = 0,
    start: int = 0,
    partitions: int | None = None,
    realistic: bool = True,
    version: int = DEFAULT_VERSION,
    invalid_ratio: float = 0.0,
) -> dask.bag.Bag:
    """Events ``start`` .. ``start + count - 1`` of ``seed`` as a bag of ``partitions``
    partitions (default: one per 100,000 events), in index order.

    ``bag.compute()`` equals ``list(generate(count, seed=seed, ...))`` with the same
    keywords, on any scheduler; ``bag.map(json.dumps)`` or ``bag.to_textfiles(...)`` go on
    from there.
    """
    check_int("count", count, minimum=0)
    check_seed(seed)
    check_int("start", start, minimum=0)
    check_bool("realistic", realistic)
    check_version(version)
    check_ratio("invalid_ratio", invalid_ratio)
    if partitions is None:
        partitions = max(1, math.ceil(count / _DEFAULT_PARTITION))
    check_int("partitions", partitions, minimum=1)
    size = max(1, math.ceil(count / partitions))
    parts = windows(start, count, size) or [(start, 0)]
    bag: dask.bag.Bag = dask.bag.from_sequence(parts, partition_size=1).map_partitions(
        _events, seed, realistic, version, invalid_ratio
    )
    return bag
