"""Shared test settings.

The ``ci`` Hypothesis profile keeps property tests deterministic (``derandomize``) so the
suite cannot flake on a rare draw, and keeps the example database out of the checkout.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def dask_cluster():
    """One real ``LocalCluster`` (2 worker processes, 1 thread each, on 127.0.0.1) for every
    Dask test of a test process; the tests reach it by its address, as a remote cluster is
    reached (``--dask tcp://HOST:PORT``). Started on first use, so runs without Dask tests
    never pay for it."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster


@pytest.fixture
def dask_address(dask_cluster) -> str:
    """The shared cluster's scheduler address, ``tcp://127.0.0.1:PORT``."""
    return str(dask_cluster.scheduler_address)
