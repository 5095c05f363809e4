"""Outputs written as a unit: all of a command's files appear together, or none changes.

A command declares its outputs up front (:meth:`OutputSet.check` raises ``UsageError``, exit 2,
before anything runs, if a path is an input, a folder, a block device …; the rules are in
:mod:`somsim._outpath`), then adds them in a ``with OutputSet(...)`` block, where the same checks
are made again (a refusal found only then is an :class:`OutputError`, exit 1)::

    outputs = OutputSet(inputs=scenario_files)
    outputs.check(json_path, out_dir / "summary.json", out_dir / "results.nc")   # before running
    ...
    with outputs:
        outputs.add_text(out_dir / "summary.json", text)
        outputs.add_netcdf(out_dir / "results.nc", dataset)
        outputs.add_manifest(out_dir, info={"seed": seed})
        outputs.add_file(xlsx_path, lambda tmp: workbook.save(tmp))

What a reader can rely on:

* Each file is written to a temporary beside its (resolved) target, flushed to disk, and renamed
  over the target only when *every* output of the set has been written. An error before that — a
  full disk, a writer's exception, SIGINT/SIGTERM — removes the temporaries and leaves every old
  output as it was; the error names the user's path, never a temporary.
* The renames run as one section in which SIGINT and SIGTERM are held back (:mod:`somsim._signals`).
  Each replaced file is first hard-linked to a backup, so a rename that fails half-way through the
  set is rolled back. A signal arriving during the section is raised when it ends, with
  ``Interrupted.committed = True``: the new outputs are all in place.
* For a folder of outputs (``run --out DIR``) a manifest (``DIR/manifest.json``) lists each file
  with its size and SHA-256 and a run id. The old manifest is moved away *before* the first rename
  and the new one moved in *after* the last, so even a ``kill -9`` or power loss in the middle never
  leaves a manifest that vouches for a mix: when ``manifest.json`` exists and the hashes match
  (:func:`verify_manifest`), every file it lists comes from the same run.
* Streams (``/dev/null``, ``/dev/stdout``, a FIFO) are written through, before the renames; a stream
  cannot be taken back, so an error on one stops the set before any file changes.
* Temporaries are hidden (``.somsim-tmp-…``), locked while their writer lives, and removed on every
  exit path Python sees; those of a killed process are removed by the next write into the folder
  (:mod:`somsim._tempfiles`).

NetCDF: :meth:`OutputSet.add_netcdf` serialises the dataset in memory (``ds.to_netcdf()`` without
a path gives the file's bytes) and writes those, rather than letting HDF5 write the file. HDF5 on a
full disk raises, then crashes the interpreter (SIGSEGV) when the half-closed file is finalised:
h5netcdf's ``__del__`` flushes a file whose ids HDF5 has already released. Serialised in memory,
HDF5 never meets the disk; the write is plain ``os.write``, and a full disk is an ordinary
:class:`OutputError` (refused before writing when the free space is known to be too small). It
costs one extra copy of the file in memory (to be counted in the memory estimate) and is faster
than HDF5's own small writes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from somsim._manifest import manifest_document, sha256_of, verify_manifest
from somsim._outpath import CHUNK, FILE, STREAM, OutputTarget, check_output_path, conflicts, open_stream, write_all
from somsim._resources import free_disk, human_bytes
from somsim._signals import Interrupted, deferred_signals, handle_signals, protected
from somsim._tempfiles import clean_stale_temporaries, create_temp, fsync_path, lock, temp_name
from somsim.errors import SomsimError, UsageError

__all__ = [
    "OutputError", "OutputSet", "atomic_path", "dumps_json", "verify_manifest", "write_bytes", "write_json",
    "write_text", "write_with",
]

PathLike = str | os.PathLike[str]
FIFO_WAIT = 10.0  # seconds to wait for a program to open a FIFO for reading

_OPEN, _COMMITTED, _DISCARDED = "open", "committed", "discarded"


class OutputError(SomsimError, OSError):
    """An output could not be written (full disk, no permission, a broken pipe …).

    The message names the user's path and says what was left unchanged. The command line reports
    it with exit code 1.
    """


@dataclass(eq=False)
class _Item:
    target: OutputTarget
    tmp: str | None = None  # the temporary (files; streams fed by a writer)
    fd: int | None = None  # our descriptor on tmp: holds its lock, fsyncs it
    locked: bool = False
    data: bytes | memoryview | None = None  # a stream's contents given as text or bytes
    sha256: str | None = None
    size: int = 0
    manifest: bool = False
    backup: str | None = None  # the old target, hard-linked (or, for a manifest, moved) aside
    backup_fd: int | None = None
    aside: bool = False  # the old target was moved away (manifest), not just linked
    placed: bool = False


def dumps_json(obj: Any) -> str:
    """The JSON text somsim writes: indented, UTF-8 as is, no NaN, a final newline."""
    return json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _unlink(path: str | None) -> None:
    if path is not None:
        try:
            os.unlink(path)
        except OSError:
            pass


def _close(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


class OutputSet:
    """The outputs of one command, written to temporaries and moved into place together.

    Parameters
    ----------
    inputs : iterable of str or path-like
        The files the command read (the scenario and its includes); no output may be one of them.
    durable : bool
        Flush each file and its folder to disk (``fsync``) before and after the renames, so that the
        set survives a power loss as well as a crash. Default True.

    Notes
    -----
    Use it as a context manager: leaving the block normally commits the set (moves every file into
    place), leaving it with an exception discards it. Inside the block SIGINT and SIGTERM raise
    :class:`somsim._signals.Interrupted`. See the module docstring for what a reader can rely on.
    """

    def __init__(self, inputs: Iterable[PathLike] = (), *, durable: bool = True):
        self.inputs = [os.fspath(i) for i in inputs]
        self.durable = durable
        self._checked: list[OutputTarget] = []
        self._items: list[_Item] = []
        self._manifests: list[tuple[str, OutputTarget, dict]] = []
        self._made_dirs: list[str] = []
        self._cleaned: set[str] = set()
        self._guard: handle_signals | None = None
        self._state = _OPEN
        self._entered = False

    # --- declaring ---------------------------------------------------------------------------------

    def check(self, *paths: PathLike | None) -> list[OutputTarget]:
        """Check output paths up front, before anything runs; None entries are skipped.

        Raises
        ------
        UsageError
            A path must not be written (see :func:`somsim._outpath.check_output_path`) or two
            outputs name the same file.
        """
        out = []
        for p in paths:
            if p is None:
                continue
            t = check_output_path(p, self.inputs)
            for prev in self._checked:
                if prev.path != t.path and conflicts(prev, t):
                    raise UsageError(f"two outputs name the same file ({prev.path} and {t.path}); "
                                     f"give each its own path")
            if all(prev.path != t.path for prev in self._checked):
                self._checked.append(t)
            out.append(t)
        return out

    def _new_target(self, path: PathLike) -> OutputTarget:
        """Check a path as it is added; a refusal now, in the write phase, is an OutputError (exit 1)."""
        if not self._entered or self._state != _OPEN:
            raise RuntimeError("add outputs inside `with OutputSet(...)`, before it ends")
        try:
            t = check_output_path(path, self.inputs)
            for item in self._items:
                if conflicts(item.target, t):
                    raise UsageError(f"two outputs name the same file ({item.target.path} and {t.path}); "
                                     f"give each its own path")
        except UsageError as e:
            raise OutputError(f"{e}; no output was changed") from None
        return t

    # --- adding --------------------------------------------------------------------------------------

    def add_text(self, path: PathLike, text: str) -> OutputTarget:
        r"""Add a text output, written as UTF-8.

        A lone surrogate (a non-UTF-8 file name that found its way into the text) is written as a
        visible ``\udcXX`` escape rather than stopping the set; in JSON that is the same string.
        """
        return self.add_bytes(path, text.encode("utf-8", "backslashreplace"))

    def add_json(self, path: PathLike, obj: Any) -> OutputTarget:
        """Add a JSON output, formatted by :func:`dumps_json`."""
        return self.add_text(path, dumps_json(obj))

    def add_bytes(self, path: PathLike, data: bytes | bytearray | memoryview) -> OutputTarget:
        """Add an output given as bytes (any buffer, e.g. the memoryview ``ds.to_netcdf()`` returns).

        Raises
        ------
        OutputError
            The temporary could not be written (full disk, no permission); names `path`.
        """
        t = self._new_target(path)
        item = _Item(t)
        self._items.append(item)
        if t.kind == STREAM:
            item.data = bytes(data) if isinstance(data, bytearray) else data
            item.size = len(memoryview(data).cast("B"))
            return t
        digest = hashlib.sha256()
        need, free = len(memoryview(data).cast("B")), free_disk(os.path.dirname(t.real))
        if free is not None and need > free:  # refuse before filling the disk to the last byte
            raise OutputError(f"could not write {t.path}: it needs {human_bytes(need)} and only {human_bytes(free)} "
                              f"is free there; no output was changed")
        try:
            self._open_temp(item)
            assert item.fd is not None
            item.size = write_all(item.fd, data, digest)
            if self.durable:
                os.fsync(item.fd)
        except OSError as e:
            raise self._error(t, e, "") from e
        item.sha256 = digest.hexdigest()
        return t

    def add_netcdf(self, path: PathLike, dataset: Any, engine: str = "h5netcdf") -> OutputTarget:
        """Add an xarray Dataset as a NetCDF file, serialised in memory first (see the module docstring).

        HDF5 then never writes to the disk itself, so a full disk is an :class:`OutputError`, not a
        crash. The memory this takes is the file's size (about ``dataset.nbytes``).
        """
        with deferred_signals():  # HDF5 holds locks while it serialises: a signal waits until it is done
            data = dataset.to_netcdf(engine=engine)
        return self.add_bytes(path, data)

    def path(self, path: PathLike) -> Path:
        """Add an output that the caller writes: returns the temporary to write it to.

        The temporary exists (empty) and ends with the target's name, so writers that choose the
        format by suffix see the right one. Write it completely before the block ends.
        """
        t = self._new_target(path)
        item = _Item(t)
        self._items.append(item)
        try:
            self._open_temp(item, locked=False)  # the writer may lock it itself (HDF5 does)
        except OSError as e:
            raise self._error(t, e, "") from e
        assert item.tmp is not None
        return Path(item.tmp)

    def add_file(self, path: PathLike, writer: Callable[[Path], object]) -> OutputTarget:
        """Add an output written by ``writer(tmp_path)``, e.g. ``lambda tmp: workbook.save(tmp)``.

        Raises
        ------
        OutputError
            The writer failed with an OSError (full disk …); names `path`. Other exceptions from
            the writer propagate unchanged (and the set is discarded when the block ends).
        """
        tmp = self.path(path)
        item = self._items[-1]
        try:
            writer(tmp)
            self._finish_written(item)
        except OSError as e:
            raise self._error(item.target, e, "") from e
        return item.target

    def add_manifest(self, folder: PathLike, name: str = "manifest.json", info: dict | None = None) -> OutputTarget:
        """Write ``folder/name`` last, listing every file of the set in `folder` with its size and SHA-256.

        Parameters
        ----------
        folder : str or path-like
            The output folder.
        name : str
            The manifest's file name.
        info : dict, optional
            Extra JSON-serialisable fields (seed, draws …) stored in the manifest.
        """
        t = self._new_target(os.path.join(os.fspath(folder), name))
        if t.kind != FILE:
            raise UsageError(f"cannot write the manifest {t.path}: it is not a regular file")
        self._manifests.append((os.path.realpath(folder), t, dict(info or {})))
        return t

    # --- temporaries ---------------------------------------------------------------------------------

    def _finish_written(self, item: _Item) -> None:
        """Flush, size and lock a temporary that a caller's writer has written."""
        if item.locked:
            return
        assert item.tmp is not None
        # by name, on a fresh descriptor: a writer may have replaced the file we created
        fd = os.open(item.tmp, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        _close(item.fd)
        item.fd, item.locked = fd, True
        lock(fd)
        if self.durable:
            os.fsync(fd)
        item.size = os.fstat(fd).st_size

    def _ensure_folder(self, folder: str) -> None:
        missing = []
        f = folder
        while not os.path.isdir(f):
            missing.append(f)
            parent = os.path.dirname(f)
            if parent == f:
                break
            f = parent
        for d in reversed(missing):
            with deferred_signals():  # made and recorded together, so that a failed set removes it
                os.mkdir(d)
                self._made_dirs.append(d)

    def _open_temp(self, item: _Item, locked: bool = True) -> None:
        t = item.target
        if t.kind == STREAM:  # a writer feeding a stream writes to a temporary in the system's temp folder
            folder = tempfile.gettempdir()
        else:
            folder = os.path.dirname(t.real)
            self._ensure_folder(folder)
            if folder not in self._cleaned:
                self._cleaned.add(folder)
                clean_stale_temporaries(folder)
        # created and recorded together: a signal in between would leave a temporary no one removes
        with deferred_signals():
            item.tmp, item.fd = create_temp(folder, os.path.basename(t.real) or "output", t.mode, locked=locked)
            item.locked = locked

    def _error(self, t: OutputTarget, e: OSError, what: str) -> OutputError:
        reason = e.strerror or str(e)
        err = OutputError(f"could not write {t.path}: {reason}"
                          f"{what or '; no output was changed'}")
        err.errno = e.errno
        return err

    # --- committing -----------------------------------------------------------------------------------

    def __enter__(self) -> OutputSet:
        if self._entered:
            raise RuntimeError("an OutputSet is used once")
        self._entered = True
        self._guard = handle_signals()
        self._guard.__enter__()
        return self

    @protected  # a signal as the block ends must not skip the cleanup below
    def __exit__(self, exc_type, exc, tb) -> None:
        ok = False
        try:
            if exc_type is None and self._state == _OPEN:
                self.commit()  # checks first for a signal whose exception was swallowed
            ok = True
        finally:
            guard, self._guard = self._guard, None
            self.discard()
            if guard is not None:
                try:
                    guard.__exit__(None if ok and exc_type is None else BaseException, None, None)
                except Interrupted as e:  # recorded as the block ended
                    e.committed = self._state == _COMMITTED
                    raise

    def commit(self) -> None:
        """Move every output into place (called when the ``with`` block ends normally).

        Raises
        ------
        OutputError
            A stream or a rename failed; the files are as they were before (rolled back).
        Interrupted
            A signal arrived: before the renames (nothing changed, ``committed`` False) or during
            them (all new outputs in place, ``committed`` True).
        """
        if self._state != _OPEN:
            raise RuntimeError(f"this OutputSet is already {self._state}")
        try:
            if self._guard is not None:
                self._guard.check()  # a signal whose exception was swallowed on the way
            for item in self._items:  # temporaries from path(), written by the caller
                if item.tmp is not None and not item.locked:
                    try:
                        self._finish_written(item)
                    except OSError as e:
                        raise self._error(item.target, e, "") from e
            self._stage_manifests()
            self._write_streams()
        except BaseException:
            self.discard()
            raise
        try:
            with deferred_signals():
                try:
                    self._move_into_place()
                    self._state = _COMMITTED
                finally:
                    self._release()
        except Interrupted as e:
            e.committed = self._state == _COMMITTED
            raise

    @protected
    def discard(self) -> None:
        """Remove every temporary and leave the old outputs as they are (on an error or a signal)."""
        if self._state != _OPEN:
            return
        self._state = _DISCARDED
        with deferred_signals():
            self._release()

    def _stage_manifests(self) -> None:
        for folder, t, info in self._manifests:
            files = {}
            for item in self._items:
                if item.target.kind == FILE and not item.manifest and os.path.dirname(item.target.real) == folder:
                    if item.sha256 is None:
                        assert item.tmp is not None
                        item.sha256, item.size = sha256_of(item.tmp)
                    files[os.path.basename(item.target.real)] = {"bytes": item.size, "sha256": item.sha256}
            doc = manifest_document(files, info)
            item = _Item(t, manifest=True)
            self._items.append(item)
            try:
                self._open_temp(item)
                assert item.fd is not None
                # ASCII: file names that are not UTF-8 survive as \udcXX escapes, read back exactly
                text = json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
                item.size = write_all(item.fd, text.encode("ascii"))
                if self.durable:
                    os.fsync(item.fd)
            except OSError as e:
                raise self._error(t, e, "") from e

    def _write_streams(self) -> None:
        for item in self._items:
            if item.target.kind != STREAM:
                continue
            try:
                fd, close = open_stream(item.target, FIFO_WAIT)
                try:
                    if item.data is not None:
                        write_all(fd, item.data)
                    else:
                        assert item.tmp is not None
                        with open(item.tmp, "rb") as f:
                            while chunk := f.read(CHUNK):
                                write_all(fd, chunk)
                finally:
                    if close:
                        os.close(fd)
            except OSError as e:
                if e.errno == errno.ENXIO:
                    e.strerror = f"no program opened the FIFO for reading within {FIFO_WAIT:g} s"
                raise self._error(item.target, e, "; no file was changed") from e

    def _back_up(self, item: _Item) -> None:
        """Keep the old target under a temporary name, so that it can be put back."""
        real = item.target.real
        if not os.path.lexists(real):
            return
        backup = os.path.join(os.path.dirname(real), temp_name(os.path.basename(real), "old"))
        # lock the old file first (the lock belongs to the file, so the backup name carries it):
        # another process cleaning stale temporaries never takes a backup that is in use
        try:
            item.backup_fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
            lock(item.backup_fd)
        except OSError:
            item.backup_fd = None
        if item.manifest:  # a manifest leaves before the first file changes
            os.rename(real, backup)
            item.aside = True
        else:
            try:
                os.link(real, backup)
            except OSError:  # no hard links here (FAT, some network shares): no rollback for this file
                return
        item.backup = backup

    def _move_into_place(self) -> None:
        files = [i for i in self._items if i.target.kind == FILE and not i.manifest]
        manifests = [i for i in self._items if i.manifest]
        current: _Item | None = None
        try:
            for current in manifests:
                self._back_up(current)
            for current in files + manifests:
                if not current.manifest:
                    self._back_up(current)
                assert current.tmp is not None
                os.replace(current.tmp, current.target.real)
                current.placed = True
        except OSError as e:
            kept = self._roll_back()
            assert current is not None
            raise self._error(current.target, e, kept) from e
        if self.durable:
            for folder in {os.path.dirname(i.target.real) for i in files + manifests}:
                fsync_path(folder, folder=True)

    def _roll_back(self) -> str:
        """Put every old output back; the message tail saying what could not be put back."""
        lost = []
        for item in reversed(self._items):
            try:
                if item.backup is not None and (item.placed or item.aside):
                    os.replace(item.backup, item.target.real)
                    item.backup = None
                elif item.placed:
                    if item.target.identity is None:  # it did not exist before
                        os.unlink(item.target.real)
                    else:
                        raise OSError("no copy of the old version")
                item.placed = item.aside = False
            except OSError:  # keep its backup: it is the only copy of the old version left
                kept = f"the old version is kept as {item.backup}" if item.backup else "its old version is lost"
                lost.append(f"{item.target.path} ({kept})")
        if lost:
            return f"; these outputs could not be put back as they were: {', '.join(lost)}"
        return "; no output was changed"

    def _release(self) -> None:
        committed = self._state == _COMMITTED
        for item in self._items:
            _close(item.fd)
            _close(item.backup_fd)
            item.fd = item.backup_fd = None
            if not item.placed:
                _unlink(item.tmp)
            # after a commit the old versions go; after a failed rollback the backup is all that is left
            if committed or not (item.placed or item.aside):
                _unlink(item.backup)
        if not committed:
            for d in reversed(self._made_dirs):
                try:
                    os.rmdir(d)
                except OSError:
                    pass


# --- one output at a time (the commands' former helpers, now each a set of one) ------------------------


@contextmanager
def atomic_path(target: PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path; when the block ends normally it replaces `target`, else it is removed.

    `suffix` is accepted for compatibility; the temporary always ends with the target's own name.
    """
    with OutputSet() as out:
        yield out.path(target)


def write_bytes(target: PathLike, data: bytes | memoryview) -> None:
    """Write one file atomically from bytes."""
    with OutputSet() as out:
        out.add_bytes(target, data)


def write_text(target: PathLike, text: str) -> None:
    """Write one text file atomically (UTF-8)."""
    with OutputSet() as out:
        out.add_text(target, text)


def write_json(target: PathLike, obj: Any) -> None:
    """Write one JSON file atomically (:func:`dumps_json`)."""
    write_text(target, dumps_json(obj))


def write_with(target: PathLike, writer: Callable[[Path], object], suffix: str = "") -> None:
    """Call ``writer(tmp_path)`` and move the result into place atomically."""
    with OutputSet() as out:
        out.add_file(target, writer)
