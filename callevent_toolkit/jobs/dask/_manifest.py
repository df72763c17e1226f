"""``_manifest.json``: what a partitioned run is, which parts are written, and whose it is.

The manifest is written before the first part and rewritten as parts finish, so a run
that is interrupted (or loses a part later) can be resumed: a rerun with the same options
finds the manifest, trusts each part it lists as written whose file is still there with
the size recorded, and writes the others. A directory is written into only when it is
empty, new, or holds the manifest of this very run: files that are not ours are never
overwritten, and parts of two different runs are never mixed. ``_SUCCESS`` (empty, the
Hadoop convention pipelines wait for) appears when every part is written.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass, field
from typing import Any

from ...errors import OutputDirectoryError

__all__ = [
    "FORMAT",
    "MANIFEST_NAME",
    "SUCCESS_NAME",
    "Manifest",
    "is_local",
    "prepare",
    "replace",
    "temporary_name",
    "write_atomically",
]

MANIFEST_NAME = "_manifest.json"
SUCCESS_NAME = "_SUCCESS"
FORMAT = "callevent-toolkit/partitions/1"


@dataclass
class Manifest:
    """The run's options (``run``, a JSON object) and the parts written so far, by index."""

    url: str
    run: dict[str, Any]
    parts: list[dict[str, Any]]
    done: dict[int, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        parts = [
            {**part, **self.done.get(i, {}), "done": i in self.done}
            for i, part in enumerate(self.parts)
        ]
        document = {
            "format": FORMAT,
            "complete": len(self.done) == len(self.parts),
            "run": self.run,
            "parts": parts,
        }
        return json.dumps(document, indent=1, sort_keys=True).encode() + b"\n"

    def save(self, fs: Any, root: str) -> None:
        """Rewrite the manifest (a small file; through a temporary name where renames are
        atomic, so a crash never leaves half a manifest)."""
        write_atomically(fs, posixpath.join(root, MANIFEST_NAME), self.to_json())

    def missing(self) -> list[int]:
        return [i for i in range(len(self.parts)) if i not in self.done]


def write_atomically(fs: Any, path: str, data: bytes) -> None:
    """Put ``data`` at ``path``: via a hidden temporary file and a rename on a local file
    system, directly on object stores (where an upload appears whole or not at all)."""
    if not is_local(fs):
        fs.pipe_file(path, data)
        return
    temporary = temporary_name(path)
    try:
        fs.pipe_file(temporary, data)
        replace(temporary, path)
    except BaseException:
        if fs.exists(temporary):
            fs.rm_file(temporary)
        raise


def replace(temporary: str, path: str) -> None:
    """Rename a local temporary file onto ``path``, atomically. Not ``fs.mv``: that is
    :func:`shutil.move`, which puts the file *inside* ``path`` when ``path`` is a
    directory, where this raises ``IsADirectoryError``. A failure names ``path``: the
    temporary name means nothing to the user."""
    try:
        os.replace(temporary, path)
    except OSError as exc:
        raise type(exc)(exc.errno, exc.strerror, path) from None


def is_local(fs: Any) -> bool:
    protocols = fs.protocol if isinstance(fs.protocol, tuple) else (fs.protocol,)
    return "file" in protocols


def temporary_name(path: str) -> str:
    import uuid

    folder, name = posixpath.split(path)
    return posixpath.join(folder, f".{name}.{uuid.uuid4().hex}.tmp")


def prepare(
    fs: Any, root: str, url: str, run: dict[str, Any], parts: list[dict[str, Any]]
) -> Manifest:
    """The manifest to resume, or a new one; refuses a directory that is not this run's."""
    manifest = Manifest(url, run, parts)
    if not fs.exists(root):
        fs.makedirs(root, exist_ok=True)
    elif not fs.isdir(root):
        raise OutputDirectoryError(f"{url} exists and is not a directory")
    listing = {posixpath.basename(e["name"].rstrip("/")): e for e in fs.ls(root, detail=True)}
    if MANIFEST_NAME in listing:
        _resume(fs, manifest, root, listing)
    elif listing:
        raise OutputDirectoryError(
            f"{url} is not empty and holds no {MANIFEST_NAME} of a callevent run: not "
            "writing there (choose a new or empty directory)"
        )
    if SUCCESS_NAME in listing and manifest.missing():
        fs.rm_file(posixpath.join(root, SUCCESS_NAME))  # ours (the manifest says so)
    manifest.save(fs, root)
    return manifest


def _resume(fs: Any, manifest: Manifest, root: str, listing: dict[str, Any]) -> None:
    try:
        previous = json.loads(fs.cat_file(posixpath.join(root, MANIFEST_NAME)))
        format_, run, parts = previous["format"], previous["run"], previous["parts"]
    except (ValueError, KeyError, TypeError):
        raise OutputDirectoryError(
            f"{manifest.url}: {MANIFEST_NAME} is not a manifest this toolkit can read"
        ) from None
    if format_ != FORMAT or run != manifest.run:
        raise OutputDirectoryError(
            f"{manifest.url} holds another run ({_difference(run, manifest.run)}): rerun with "
            "its options to resume it, or choose a new or empty directory"
        )
    for index, part in enumerate(parts):
        if part.get("done") and _still_there(part, listing):
            manifest.done[index] = {
                k: part[k] for k in ("bytes", "sha256", "labels_bytes") if k in part
            }


def _still_there(part: dict[str, Any], listing: dict[str, Any]) -> bool:
    entry = listing.get(part["name"])
    if entry is None or entry.get("size") != part.get("bytes"):
        return False
    labels = part.get("labels")
    if labels is None:
        return True
    entry = listing.get(labels)
    return entry is not None and entry.get("size") == part.get("labels_bytes")


def _difference(found: Any, wanted: dict[str, Any]) -> str:
    if not isinstance(found, dict):
        return "unreadable options"
    keys = sorted(set(found) | set(wanted))
    return ", ".join(
        f"{k} {found.get(k)!r} there, {wanted.get(k)!r} now"
        for k in keys
        if found.get(k) != wanted.get(k)
    )
