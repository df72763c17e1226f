"""``generate -o TARGET`` keeps what TARGET is: regular files and new names are replaced
atomically (mode and owner kept), symbolic links are followed, devices, FIFOs and
descriptor aliases are written directly. Every gzip the toolkit writes has the same
fixed header.

Devices are made with ``mknod`` in a temporary directory (as root), never the real
``/dev/null``: a regression must not be able to replace a system file.
"""

from __future__ import annotations

import ast
import gzip
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from _cli import callevent

from callevent_toolkit import ndjson

ROOT = os.geteuid() == 0
COMMAND = [sys.executable, "-m", "callevent_toolkit"]
PACKAGE = Path(ndjson.__file__).parent


def _expected(count: int = 5, *extra: str) -> bytes:
    result = subprocess.run(
        [*COMMAND, "generate", "--count", str(count), *extra],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def _generate_to(target: Path | str, count: int = 5, *extra: str) -> None:
    result = callevent("generate", "--count", str(count), "--quiet", "-o", str(target), *extra)
    assert (result.status, result.err) == (0, "")


def _no_temporary_files(directory: Path) -> None:
    assert [p.name for p in directory.iterdir() if p.name.endswith(".tmp")] == []


# -- regular files and new names: atomic, mode and owner kept -----------------------------


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "events.ndjson"
    target.write_text("old\n")
    target.chmod(0o640)
    _generate_to(target)
    assert target.read_bytes() == _expected()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    _no_temporary_files(tmp_path)


@pytest.mark.skipif(not ROOT, reason="chown to another user needs root")
def test_an_existing_files_owner_and_mode_are_kept(tmp_path: Path) -> None:
    """A 0600 file of another user must not become a 0644 file of root."""
    target = tmp_path / "theirs.ndjson"
    target.write_text("old\n")
    target.chmod(0o600)
    os.chown(target, 4321, 4322)
    _generate_to(target)
    status = target.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4321, 4322, 0o600)
    assert target.read_bytes() == _expected()


@pytest.mark.skipif(not ROOT, reason="acting as another user needs root")
def test_a_file_whose_owner_cannot_be_kept_is_not_replaced() -> None:
    """Without the right to give the new file the old owner, refuse rather than take the
    file over: what user 5555 meets writing to a world-writable file of user 4321."""
    directory = Path(tempfile.mkdtemp(prefix="owner-test-"))  # /tmp: reachable by 5555
    try:
        directory.chmod(0o777)
        target = directory / "theirs.ndjson"
        target.write_text("old\n")
        target.chmod(0o666)
        os.chown(target, 4321, 4321)
        os.setegid(5555)
        os.seteuid(5555)
        try:
            result = callevent("generate", "--count", "2", "-o", str(target))
        finally:
            os.seteuid(0)
            os.setegid(0)
        assert result.status == 2
        assert "not replacing a file owned by uid 4321 gid 4321" in result.err
        assert target.read_text() == "old\n"
        _no_temporary_files(directory)
    finally:
        shutil.rmtree(directory)


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.ndjson"
    old = os.umask(0o027)
    try:
        _generate_to(target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("name", ["a" * 247, "a" * 255, "é" * 127], ids=["247", "255", "utf8-254"])
def test_a_long_legal_name_works_and_its_temporary_name_fits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    seen: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def spy(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, path = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        seen.append(path)
        return fd, path

    monkeypatch.setattr(ndjson.tempfile, "mkstemp", spy)
    _generate_to(tmp_path / name)
    assert (tmp_path / name).read_bytes() == _expected()
    assert [len(os.fsencode(os.path.basename(p))) <= 255 for p in seen] == [True]
    _no_temporary_files(tmp_path)


# -- symbolic links: followed -------------------------------------------------------------


def test_a_symlink_is_followed_and_the_file_it_names_replaced(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "real.ndjson"
    real.write_text("old\n")
    link = tmp_path / "link.ndjson"
    link.symlink_to(Path("data") / "real.ndjson")  # relative, resolved beside the link
    _generate_to(link)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("data") / "real.ndjson")
    assert real.read_bytes() == _expected()
    _no_temporary_files(tmp_path)
    _no_temporary_files(tmp_path / "data")


def test_a_dangling_symlink_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.ndjson"
    link.symlink_to(tmp_path / "later.ndjson")
    _generate_to(link)
    assert link.is_symlink()
    assert (tmp_path / "later.ndjson").read_bytes() == _expected()


def test_a_symlink_loop_is_an_io_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = callevent("generate", "--count", "1", "-o", str(tmp_path / "a"))
    assert result.status == 2
    assert (
        result.err
        == f"callevent: cannot write {tmp_path / 'a'}: Too many levels of symbolic links\n"
    )


@pytest.mark.skipif(not Path("/proc/version").is_file(), reason="needs Linux's /proc")
def test_a_file_in_a_folder_that_takes_no_new_file_says_so() -> None:
    """``/proc/version`` exists, but the kernel answers a new name in ``/proc`` with "No
    such file or directory", which read as if the target were missing."""
    before = Path("/proc/version").read_bytes()
    result = callevent("generate", "--count", "1", "-o", "/proc/version")
    assert result.status == 2
    assert result.err == (
        "callevent: cannot write /proc/version: cannot create a file in its folder to "
        "replace it (No such file or directory)\n"
    )
    assert Path("/proc/version").read_bytes() == before


def test_a_missing_folder_is_still_named_as_missing(tmp_path: Path) -> None:
    result = callevent("generate", "--count", "1", "-o", str(tmp_path / "no" / "out"))
    assert result.status == 2
    assert (
        result.err
        == f"callevent: cannot write {tmp_path / 'no' / 'out'}: No such file or directory\n"
    )


# -- devices, FIFOs, descriptors: written directly ----------------------------------------


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
def test_a_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    """A private copy of /dev/null (same device numbers): it must stay a device."""
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    _generate_to(device)
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert os.lstat(device).st_rdev == os.makedev(1, 3)
    _no_temporary_files(tmp_path)


def test_dev_null_is_written_not_replaced() -> None:
    before = os.stat("/dev/null")
    _generate_to("/dev/null")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_fifo_with_a_waiting_reader_receives_every_byte(tmp_path: Path) -> None:
    fifo = tmp_path / "events.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    _generate_to(fifo, 2000)
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received == [_expected(2000)]
    _no_temporary_files(tmp_path)


def test_dev_stdout_is_written_directly_and_keeps_appending(tmp_path: Path) -> None:
    """``-o /dev/stdout`` into a ``>>`` file: the existing text stays, the events follow."""
    out = tmp_path / "out.ndjson"
    out.write_bytes(b"first line\n")
    with open(out, "ab") as stdout:
        subprocess.run(
            [*COMMAND, "generate", "--count", "5", "--quiet", "-o", "/dev/stdout"],
            stdout=stdout,
            check=True,
            timeout=60,
        )
    assert out.read_bytes() == b"first line\n" + _expected()


@pytest.mark.parametrize("alias", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"])
def test_a_symlink_to_a_descriptor_alias_writes_into_the_pipe(tmp_path: Path, alias: str) -> None:
    link = tmp_path / "to-stdout"
    link.symlink_to(alias)
    result = subprocess.run(
        [*COMMAND, "generate", "--count", "5", "--quiet", "-o", str(link)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == _expected()
    assert (link.is_symlink(), os.readlink(link)) == (True, alias)
    _no_temporary_files(tmp_path)


# -- gzip: one fixed header ---------------------------------------------------------------


def test_gzip_to_a_file_and_to_stdout_are_the_same_reproducible_bytes(tmp_path: Path) -> None:
    target = tmp_path / "events.ndjson.gz"
    _generate_to(target, 5, "--gzip")
    piped = _expected(5, "--gzip")
    assert target.read_bytes() == piped
    # magic, deflate, no flags (no name), mtime 0: the header gzip -n writes
    assert piped[:8] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00"
    assert gzip.decompress(piped) == _expected()


def test_every_gzip_writer_is_built_by_one_helper() -> None:
    """``GzipFile``/``gzip.open`` for writing appear in ``ndjson.gzip_writer`` alone, so
    the reproducible header is decided in one place."""
    writers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if _is_gzip_writer(call):
                    writers.append(f"{path.relative_to(PACKAGE)}:{function.name}")
    assert sorted(set(writers)) == ["ndjson.py:gzip_writer"]


def _is_gzip_writer(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    if node.func.attr not in ("GzipFile", "open", "compress"):
        return False
    if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "gzip"):
        return False
    if node.func.attr == "compress":
        return True
    modes = [k.value for k in node.keywords if k.arg == "mode"] + node.args[1:2]
    return any(isinstance(m, ast.Constant) and "w" in str(m.value) for m in modes)
