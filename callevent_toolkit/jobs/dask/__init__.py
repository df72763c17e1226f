"""``generate`` and ``validate`` on a Dask cluster: past one machine, same bytes, same report.

Needs the optional extra: ``pip install 'callevent-toolkit[dask]'`` (dask, distributed,
fsspec); importing this module without it raises
:class:`~callevent_toolkit.errors.DaskMissingError`, and nothing else in the toolkit
imports it unless asked (``callevent ... --dask``).

The cluster runs the same units of work as ``--jobs`` (:mod:`callevent_toolkit.jobs`):

- :func:`write_partitions` writes a seeded run as ``part-00000.ndjson`` ... files under
  any fsspec URL (a local directory, ``file://``, ``s3://`` with ``s3fs``), each part
  rendered by a worker; the parts concatenated are the one-machine run, byte for byte,
  and a ``_manifest.json`` lets a rerun write only the parts that are missing.
- :func:`event_bag` is the same events as a :class:`dask.bag.Bag`, for pipelines.
- :func:`validate_files_dask` checks whole files and line-aligned byte ranges of large
  plain files on the workers and folds the results back in line order into one
  :class:`DaskReport`, identical to the one-machine report.

:func:`connect` turns ``local``, ``local:W`` or a scheduler address (``tcp://HOST:PORT``)
into a client: the same call, or the same ``--dask`` option, works on a laptop and on a
remote cluster.
"""

from __future__ import annotations

from ...errors import DaskMissingError

try:
    import dask.bag  # noqa: F401  (the extra's three packages, checked once, here)
    import distributed  # noqa: F401
    import fsspec  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise DaskMissingError((exc.name or "dask").split(".")[0]) from None

from ._bag import event_bag
from ._cluster import connect, dashboard_link, parse_address
from ._manifest import MANIFEST_NAME, SUCCESS_NAME
from ._partitions import PartitionRun, PartsWritten, write_partitions
from ._validating import ValidationReport, check_files, expand_inputs, validate_files_dask

__all__ = [
    "MANIFEST_NAME",
    "SUCCESS_NAME",
    "PartitionRun",
    "PartsWritten",
    "ValidationReport",
    "check_files",
    "connect",
    "dashboard_link",
    "event_bag",
    "expand_inputs",
    "parse_address",
    "validate_files_dask",
    "write_partitions",
]
