"""``generate`` as partition files: each part a window of the run, rendered by a worker.

Part *i* holds units ``start + i * partition_size`` onwards (events, or calls with
``timelines``), rendered by the same functions as ``callevent generate --jobs``
(:func:`~callevent_toolkit.jobs.render_chunk` and ``render_delivery_chunk``), so the
parts concatenated in name order are the one-machine output, byte for byte (with
``gzip``: each part is a gzip member, and the members decompress to those bytes). With
``invalid_ratio`` each part gets a label file beside it (``labels-00000.ndjson``), whose
``line`` counts lines of that part and whose ``index`` is the event's index in the run
(what replays it).
Workers open the output through fsspec themselves: a local directory, ``file://``,
``s3://`` (with ``s3fs``), anything fsspec can write.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import posixpath
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from typing import IO, Any

import fsspec
from distributed import Client, as_completed

from ..._checks import check_bool, check_int, check_ratio, check_seed, check_version, fail
from ...schemas import DEFAULT_VERSION
from .._deliveries import ENVELOPES, DeliverySpec, render_delivery_chunk
from .._rendering import CHUNK_EVENTS, Chunk, RunSpec, render_chunk, windows
from ._cluster import client_for
from ._manifest import SUCCESS_NAME, Manifest, is_local, prepare, replace, temporary_name
from ._paths import for_workers

__all__ = ["PartitionRun", "PartsWritten", "write_partitions"]

#: Units rendered at a time inside a part (memory stays flat whatever the part size).
_CALLS_PER_CHUNK = 500
#: The manifest is rewritten at most this often while parts finish (and at the end).
_MANIFEST_INTERVAL_S = 1.0


@dataclass(frozen=True, slots=True)
class PartitionRun:
    """What to write: the one-machine ``generate`` options, and how many units a part holds.

    Default ``partition_size``: 100,000 events or 5,000 calls per part.
    """

    count: int
    seed: int = 0
    start: int = 0
    partition_size: int | None = None
    realistic: bool = True
    version: int = DEFAULT_VERSION
    invalid_ratio: float = 0.0
    timelines: bool = False
    envelope: str = "none"
    gzip: bool = False

    def __post_init__(self) -> None:
        check_int("count", self.count, minimum=0)
        check_seed(self.seed)
        check_int("start", self.start, minimum=0)
        check_bool("realistic", self.realistic)
        if self.partition_size is not None:
            check_int("partition_size", self.partition_size, minimum=1)
        check_version(self.version)
        check_ratio("invalid_ratio", self.invalid_ratio)
        if self.envelope not in ENVELOPES:
            fail(f"envelope must be one of {sorted(ENVELOPES)}, got {self.envelope!r}")
        if self.invalid_ratio > 0 and (self.timelines or self.envelope != "none"):
            fail("invalid_ratio cannot be combined with timelines or an envelope")

    @property
    def size(self) -> int:
        """Units per part."""
        return self.partition_size or (5_000 if self.timelines else 100_000)

    def windows(self) -> list[tuple[int, int]]:
        """``(first unit, units)`` of every part, in order."""
        return windows(self.start, self.count, self.size)

    def names(self, index: int, parts: int) -> tuple[str, str | None]:
        """Part ``index``'s file name and its label file's (``None`` without labels); the
        number is zero-padded to one width for the whole run, so names sort in order."""
        number = f"{index:0{max(5, len(str(parts - 1)))}d}"
        labels = f"labels-{number}.ndjson" if self.invalid_ratio > 0 else None
        return f"part-{number}.ndjson{'.gz' if self.gzip else ''}", labels


@dataclass(frozen=True, slots=True)
class PartsWritten:
    """What :func:`write_partitions` did: parts in the run, written now, already there."""

    parts: int
    written: int
    skipped: int


class _Hashing:
    """A binary stream that counts and hashes the bytes written through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.size = 0
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self._raw.write(data)
        self.size += len(data)
        self.digest.update(data)
        return len(data)

    def flush(self) -> None:
        self._raw.flush()


@contextmanager
def _output(fs: Any, path: str) -> Iterator[IO[bytes]]:
    """A file that appears at ``path`` whole or not at all where the store allows it."""
    if not is_local(fs):
        raw = fs.open(path, "wb")
        try:
            yield raw
        except BaseException:
            # closing would upload what was written so far; discarding aborts the upload
            getattr(raw, "discard", raw.close)()
            raise
        raw.close()
        return
    temporary = temporary_name(path)
    try:
        with fs.open(temporary, "wb") as raw:
            yield raw
        replace(temporary, path)
    except BaseException:
        if fs.exists(temporary):
            fs.rm_file(temporary)
        raise


def _chunks(run: PartitionRun, first: int, count: int) -> Iterator[Chunk]:
    if run.timelines or run.envelope != "none":
        spec = DeliverySpec(run.seed, run.realistic, run.version, run.timelines, run.envelope)
        size = _CALLS_PER_CHUNK if run.timelines else CHUNK_EVENTS
        return (render_delivery_chunk(spec, w) for w in windows(first, count, size))
    labels = run.invalid_ratio > 0
    spec_ = RunSpec(run.seed, run.realistic, run.version, run.invalid_ratio, labels, first)
    return (render_chunk(spec_, w) for w in windows(first, count, CHUNK_EVENTS))


def write_part(
    run: PartitionRun,
    url: str,
    names: tuple[str, str | None],
    window: tuple[int, int],
    storage_options: Mapping[str, Any],
) -> dict[str, Any]:
    """Render one part and write it (a worker's task); return what the manifest records."""
    fs, root = fsspec.core.url_to_fs(url, **storage_options)
    name, labels_name = names
    with ExitStack() as stack:
        events = _Hashing(stack.enter_context(_output(fs, posixpath.join(root, name))))
        labels = None
        if labels_name is not None:
            labels = _Hashing(stack.enter_context(_output(fs, posixpath.join(root, labels_name))))
        out: Any = events
        if run.gzip:
            out = gzip.GzipFile(filename="", mode="wb", fileobj=events, mtime=0, compresslevel=6)
            stack.callback(out.close)  # runs first: the gzip trailer goes in before the rename
        for chunk in _chunks(run, *window):
            out.write(chunk.events)
            if labels is not None:
                labels.write(chunk.labels)
    record: dict[str, Any] = {"bytes": events.size, "sha256": events.digest.hexdigest()}
    if labels is not None:
        record["labels_bytes"] = labels.size
    return record


def _planned(run: PartitionRun) -> list[dict[str, Any]]:
    parts = run.windows()
    planned = []
    for index, (first, count) in enumerate(parts):
        name, labels = run.names(index, len(parts))
        entry: dict[str, Any] = {"name": name, "first": first, "count": count}
        if labels is not None:
            entry["labels"] = labels
        planned.append(entry)
    return planned


def _run_record(run: PartitionRun) -> dict[str, Any]:
    return {
        **asdict(run),
        "partition_size": run.size,
        "toolkit": importlib.metadata.version("callevent-toolkit"),
        "unit": "calls" if run.timelines else "events",
    }


def write_partitions(
    run: PartitionRun,
    url: str,
    *,
    client: Client | str | None = None,
    storage_options: Mapping[str, Any] | None = None,
    on_part: Callable[[int], None] | None = None,
    on_start: Callable[[Client, int], None] | None = None,
) -> PartsWritten:
    """Write ``run`` as partition files under the directory ``url``; resume a partial run.

    ``client`` is a :class:`distributed.Client`, an address (``"local:2"``,
    ``"tcp://HOST:8786"``) or ``None`` for the current default client. Parts already
    written by an earlier run of the same options (per ``_manifest.json``, same size) are
    kept (a rerun of a finished run connects to nothing); ``on_start(client, units)`` is
    called once connected, with the units left to write (to show the dashboard and start
    a progress bar), and ``on_part(units)`` as each part lands.
    Raises :class:`~callevent_toolkit.errors.OutputDirectoryError` for a directory that
    holds other files or another run, before anything is written.
    """
    options = dict(storage_options or {})
    shown, url = url, for_workers(url)
    fs, root = fsspec.core.url_to_fs(url, **options)
    manifest = prepare(fs, root, shown, _run_record(run), _planned(run))
    todo = manifest.missing()
    if todo:
        with client_for(client) as active:
            if on_start is not None:
                on_start(active, sum(manifest.parts[index]["count"] for index in todo))
            _write_missing(active, run, url, manifest, todo, options, on_part, fs, root)
    if not fs.exists(posixpath.join(root, SUCCESS_NAME)):
        fs.pipe_file(posixpath.join(root, SUCCESS_NAME), b"")
    return PartsWritten(
        parts=len(manifest.parts), written=len(todo), skipped=len(manifest.parts) - len(todo)
    )


def _write_missing(
    client: Client,
    run: PartitionRun,
    url: str,
    manifest: Manifest,
    todo: list[int],
    options: dict[str, Any],
    on_part: Callable[[int], None] | None,
    fs: Any,
    root: str,
) -> None:
    parts = len(manifest.parts)
    futures = {
        client.submit(
            write_part,
            run,
            url,
            run.names(index, parts),
            (manifest.parts[index]["first"], manifest.parts[index]["count"]),
            options,
            pure=False,
        ): index
        for index in todo
    }
    saved = time.monotonic()
    try:
        for future in as_completed(futures):
            index = futures[future]
            manifest.done[index] = future.result()
            if on_part is not None:
                on_part(manifest.parts[index]["count"])
            if time.monotonic() - saved >= _MANIFEST_INTERVAL_S:
                manifest.save(fs, root)
                saved = time.monotonic()
    finally:
        client.cancel(list(futures))
        manifest.save(fs, root)
