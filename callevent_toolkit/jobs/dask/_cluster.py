"""One client for every place a run can go: a cluster started here or a remote scheduler.

``local`` starts a :class:`distributed.LocalCluster` of worker *processes* with one thread
each (the work is pure Python: threads would share one interpreter lock), listening on
127.0.0.1 only, its dashboard on a free port, its logs silenced. An address connects to a running
scheduler; the workers there need the same toolkit version installed, since they import
the functions they run by name.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from distributed import Client, LocalCluster, default_client

from ..._checks import fail
from .._address import ClusterAddress, parse_cluster_address

__all__ = ["client_for", "connect", "dashboard_link", "parse_address"]


def parse_address(text: str) -> ClusterAddress:
    """``local``, ``local:W`` or ``SCHEME://HOST:PORT`` (see :func:`connect`)."""
    return parse_cluster_address(text)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def connect(where: str | ClusterAddress, *, timeout: float = 30.0) -> Iterator[Client]:
    """A client for ``where``, closed (with the cluster it started) when the block ends.

    ``local`` runs a worker process per core here, ``local:W`` runs W, and
    ``tcp://HOST:PORT`` connects to that scheduler: the same code for both. A scheduler
    that does not answer within ``timeout`` seconds raises :class:`ConnectionError`.
    """
    address = parse_cluster_address(where) if isinstance(where, str) else where
    if address.scheduler is not None:
        try:
            remote = Client(address.scheduler, timeout=timeout)
        except OSError as exc:  # distributed's "Timed out trying to connect to ..."
            raise ConnectionError(
                f"cannot reach the Dask scheduler at {address.scheduler}: {exc}"
            ) from None
        with remote as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=address.workers or _cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            # A task's failure reaches the caller as its exception; what the workers log
            # besides is noise on a command's stderr (a heartbeat racing the shutdown).
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def client_for(client: Client | str | None) -> Any:
    """A context for the client an API call was given: an address is connected to (and
    closed after), a client is used as it is, ``None`` means the current default client."""
    if isinstance(client, str):
        return connect(client)
    if client is None:
        try:
            client = default_client()
        except ValueError:
            fail("no Dask client: pass client= (a Client, or an address such as 'local:2')")
    return nullcontext(client)


def dashboard_link(client: Client) -> str | None:
    """The scheduler's dashboard URL, or ``None`` when it serves none."""
    services = client.scheduler_info().get("services", {})
    return str(client.dashboard_link) if "dashboard" in services else None
