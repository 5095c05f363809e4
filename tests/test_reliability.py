"""Reliability of the level-0 machinery: output paths, outputs as a unit, signals, text hygiene, resources.

Everything here runs without root: FIFOs, symlinks and sockets are made in a temporary folder; a
full disk is /dev/full, an injected ``os.write`` error, or a file-size limit (``RLIMIT_FSIZE``) in a
child process; interrupts are real SIGINT/SIGTERM sent to child processes at random moments.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import random
import re
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from somsim import _io
from somsim._hygiene import FORMULA_START, control_chars, csv_row, csv_safe, has_control_chars, printable
from somsim._io import OutputError, OutputSet, verify_manifest, write_text
from somsim._outpath import check_output_path, check_outputs
from somsim._resources import InputRefused, available_memory, human_bytes, read_limited, require_disk, require_memory
from somsim._signals import Interrupted, deferred_signals, exit_code, handle_signals
from somsim._tempfiles import TMP_PREFIX, clean_stale_temporaries, create_temp
from somsim.errors import UsageError


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read the English messages; both languages are tested in test_language.py."""
    monkeypatch.setenv("SOMSIM_LANG", "en")


ROOT = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def temporaries(*folders: Path) -> list[str]:
    return [str(p) for f in folders for p in Path(f).iterdir() if p.name.startswith(TMP_PREFIX)]


def child(code: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, **kw)


# --- 1. output paths --------------------------------------------------------------------------------------


def test_a_writer_feeding_a_stream_leaves_no_temporary(tmp_path):
    with OutputSet() as out:
        out.add_file("/dev/null", lambda tmp: tmp.write_bytes(b"xlsx bytes"))
        out.add_text(tmp_path / "a.json", "{}")
    assert (tmp_path / "a.json").read_text() == "{}"
    assert not [f for f in os.listdir(tempfile.gettempdir()) if f.startswith(TMP_PREFIX + str(os.getpid()))]


def test_dev_null_is_written_through_never_replaced():
    before = os.stat("/dev/null")
    t = check_output_path("/dev/null")
    assert t.kind == "stream"  # checked before writing: a regression must not replace the device
    write_text("/dev/null", "{}\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_full_disk_on_a_device_is_an_output_error_naming_the_path(tmp_path):
    (tmp_path / "a.json").write_text("old")
    with pytest.raises(OutputError, match=r"could not write /dev/full: No space left on device; no file was"):
        with OutputSet() as out:
            out.add_text(tmp_path / "a.json", "new")
            out.add_text("/dev/full", "x" * 10_000)
    assert (tmp_path / "a.json").read_text() == "old" and not temporaries(tmp_path)


def test_fifo_with_a_reader_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text(fifo, "hello\n")
    reader.join(10)
    assert got == [b"hello\n"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_fifo_without_a_reader_fails_in_time_and_stays_a_fifo(tmp_path, monkeypatch):
    monkeypatch.setattr(_io, "FIFO_WAIT", 0.2)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    with pytest.raises(OutputError, match="no program opened the FIFO"):
        write_text(fifo, "x")
    assert time.monotonic() - t0 < 5 and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not temporaries(tmp_path)


def test_symlink_is_followed_and_its_target_replaced_atomically(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "data" / "summary.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "links" / "summary.json"
    link.symlink_to(target)
    old_ino = target.stat().st_ino
    t = check_output_path(link)
    assert t.real == str(target) and t.kind == "file"
    write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new" and target.stat().st_ino != old_ino  # a new file, renamed in
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # its mode kept
    assert not temporaries(tmp_path / "data", tmp_path / "links")


def test_a_new_file_through_a_dangling_symlink(tmp_path):
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "real.json")
    write_text(link, "x")
    assert link.is_symlink() and (tmp_path / "real.json").read_text() == "x"


@pytest.mark.parametrize("how", ["same", "dotted", "symlink", "hardlink"])
def test_an_output_that_is_an_input_is_refused(tmp_path, monkeypatch, how):
    monkeypatch.chdir(tmp_path)
    sc = tmp_path / "case.toml"
    sc.write_text("id = 'x'\n")
    inc = tmp_path / "lib.toml"
    inc.write_text("")
    out = {"same": "case.toml", "dotted": "./sub/../lib.toml", "symlink": "link.toml", "hardlink": "hard.toml"}[how]
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.toml").symlink_to(sc)
    os.link(inc, tmp_path / "hard.toml")
    with pytest.raises(UsageError, match=rf"the output {out} is the input file .*choose another output path"):
        OutputSet(inputs=[sc, inc]).check(out)
    assert sc.read_text() == "id = 'x'\n"


def test_folders_sockets_nul_and_duplicates_are_refused(tmp_path):
    with pytest.raises(UsageError, match="it is a folder"):
        check_output_path(tmp_path)
    with pytest.raises(OutputError, match="it is a folder; give a file name inside it; no output was changed"):
        write_text(tmp_path, "x")  # found only in the write phase: an output error (exit 1), not exit 2
    with pytest.raises(UsageError, match="NUL"):
        check_output_path(str(tmp_path / "a\x00b"))
    with pytest.raises(UsageError, match="is a file, not a folder"):
        (tmp_path / "f").write_text("")
        check_output_path(tmp_path / "f" / "x.json")
    with pytest.raises(UsageError, match="two outputs name the same file"):
        check_outputs([tmp_path / "a.json", None, tmp_path / "x" / ".." / "a.json"])
    assert len(check_outputs(["/dev/null", "/dev/null"])) == 2  # discarding twice is fine
    short = tempfile.mkdtemp(prefix="sk")  # a socket path must be short
    try:
        s = socket.socket(socket.AF_UNIX)
        s.bind(os.path.join(short, "s"))
        with pytest.raises(UsageError, match="it is a socket"):
            check_output_path(os.path.join(short, "s"))
        s.close()
    finally:
        for f in os.listdir(short):
            os.unlink(os.path.join(short, f))
        os.rmdir(short)


@pytest.mark.skipif(IS_ROOT, reason="root may write any file")
def test_a_read_only_output_is_refused(tmp_path):
    f = tmp_path / "keep.json"
    f.write_text("precious")
    f.chmod(0o444)
    with pytest.raises(UsageError, match="read-only"):
        check_output_path(f)


def test_dev_stdout_redirected_to_a_file_is_written_through_the_descriptor(tmp_path):
    out = tmp_path / "stdout.txt"
    with open(out, "w") as f:
        p = child("""
            import sys
            from somsim._io import write_text
            print("before", flush=True)
            write_text("/dev/stdout", "JSON\\n")
            print("after")
        """, stdout=f)
        assert p.wait(60) == 0
    assert out.read_text() == "before\nJSON\nafter\n"


# --- 2. outputs as a unit ---------------------------------------------------------------------------------


def old_set(folder: Path) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    old = {"summary.json": "old summary", "results.nc": "old results", "about.csv": "old csv"}
    for k, v in old.items():
        (folder / k).write_text(v)
    return old


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in folder.iterdir()}


def test_a_failing_writer_in_the_second_of_three_leaves_the_old_set(tmp_path):
    old = old_set(tmp_path / "out")

    def boom(tmp):
        tmp.write_text("half")
        raise ValueError("writer failed")

    with pytest.raises(ValueError, match="writer failed"):
        with OutputSet() as out:
            out.add_text(tmp_path / "out" / "summary.json", "new")
            out.add_file(tmp_path / "out" / "results.nc", boom)
            out.add_text(tmp_path / "out" / "about.csv", "new")
    assert contents(tmp_path / "out") == old


def test_a_full_disk_in_the_second_of_three_names_the_users_path(tmp_path, monkeypatch):
    old = old_set(tmp_path / "out")
    real_write, calls = os.write, []

    def write(fd, data):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OutputError) as e:
        with OutputSet() as out:
            for name in ("summary.json", "results.nc", "about.csv"):
                out.add_text(tmp_path / "out" / name, "new")
    msg = str(e.value)
    assert msg == f"could not write {tmp_path / 'out' / 'results.nc'}: No space left on device; no output was changed"
    assert TMP_PREFIX not in msg and e.value.errno == 28 and isinstance(e.value, OSError)
    monkeypatch.undo()
    assert contents(tmp_path / "out") == old


def test_too_little_free_space_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(_io, "free_disk", lambda path: 1000)
    with pytest.raises(OutputError, match=r"results.nc: it needs 2.0 KiB and only 1000 bytes is free there; no"):
        with OutputSet() as out:
            out.add_bytes(tmp_path / "results.nc", b"x" * 2048)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_rename_is_rolled_back(tmp_path, monkeypatch):
    with OutputSet() as out:
        for name in ("summary.json", "results.nc", "about.csv"):
            out.add_text(tmp_path / "out" / name, "old " + name)
        out.add_manifest(tmp_path / "out")
    old = contents(tmp_path / "out")
    real_replace, calls = os.replace, []

    def replace(a, b):
        calls.append(b)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        return real_replace(a, b)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="about.csv: Input/output error; no output was changed"):
        with OutputSet() as out:
            for name in ("summary.json", "results.nc", "about.csv"):
                out.add_text(tmp_path / "out" / name, "new")
            out.add_manifest(tmp_path / "out")
    monkeypatch.undo()
    assert contents(tmp_path / "out") == old and verify_manifest(tmp_path / "out") == []


def test_a_writer_that_locks_its_file_itself_works(tmp_path):
    """HDF5 flocks the file it writes; the temporary must not be locked by us meanwhile."""
    def writer(tmp):
        with open(tmp, "wb") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            f.write(b"locked write")

    _io.write_with(tmp_path / "x.nc", writer)
    assert (tmp_path / "x.nc").read_bytes() == b"locked write" and not temporaries(tmp_path)
    with OutputSet() as out:  # a temporary from path(), written in the block
        with open(out.path(tmp_path / "y.nc"), "wb") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            f.write(b"y")
    assert (tmp_path / "y.nc").read_bytes() == b"y" and not temporaries(tmp_path)


def test_file_names_and_text_that_are_not_utf8(tmp_path):
    d = tmp_path / os.fsdecode(b"ud-\xe6")  # Latin-1 'æ': not UTF-8
    try:
        d.mkdir()
    except OSError:
        pytest.skip("the file system wants UTF-8 names")
    name = os.fsdecode(b"b\xf8rn.csv")
    with OutputSet() as out:
        out.add_text(d / name, f"path,{d / name}\n")
        out.add_text(d / "summary.json", '{"file": "' + name + '"}\n')
        out.add_manifest(d)
    assert json.loads((d / "summary.json").read_text(encoding="utf-8")) == {"file": name}
    assert verify_manifest(d) == [] and not temporaries(d)


def test_new_folders_of_a_failed_set_are_removed(tmp_path):
    with pytest.raises(RuntimeError):
        with OutputSet() as out:
            out.add_text(tmp_path / "a" / "b" / "x.json", "new")
            raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_manifest_lists_the_set_and_detects_a_mix(tmp_path):
    d = tmp_path / "out"
    with OutputSet() as out:
        out.add_text(d / "summary.json", "one")
        out.add_bytes(d / "results.nc", memoryview(b"\x00\x01" * 1000))
        out.add_file(d / "extra.bin", lambda tmp: tmp.write_bytes(b"abc"))
        out.add_text(tmp_path / "elsewhere.json", "not listed")
        out.add_manifest(d, info={"seed": 7})
    doc = json.loads((d / "manifest.json").read_text())
    assert doc["seed"] == 7 and set(doc["files"]) == {"summary.json", "results.nc", "extra.bin"}
    assert doc["files"]["results.nc"]["bytes"] == 2000 and verify_manifest(d) == []
    write_text(d / "summary.json", "two")  # another run's file beside this run's manifest
    assert verify_manifest(d) == [f"{d / 'summary.json'}: not the file the manifest lists (another run, or "
                                  f"changed since)"]


def test_stale_temporaries_of_a_killed_writer_are_removed_live_ones_kept(tmp_path):
    p = child(f"""
        import time
        from somsim._tempfiles import create_temp
        path, fd = create_temp({str(tmp_path)!r}, "results.nc")
        print(path, flush=True)
        time.sleep(60)
    """, stdout=subprocess.PIPE, text=True)
    dead = p.stdout.readline().strip()
    p.kill()
    p.wait(10)
    p.stdout.close()
    live, fd = create_temp(str(tmp_path), "summary.json")  # ours, locked while we live
    young, fd2 = create_temp(str(tmp_path), "young.json")
    os.close(fd2)  # unlocked but young: might be between its creation and its lock
    for f in (dead, live):
        os.utime(f, (time.time() - 3600, time.time() - 3600))
    assert clean_stale_temporaries(tmp_path) == [dead]
    write_text(tmp_path / "x.json", "x")  # cleaning is part of writing into a folder
    assert sorted(temporaries(tmp_path)) == sorted([live, young])
    os.close(fd)


# --- 3. interrupts ----------------------------------------------------------------------------------------


@pytest.fixture
def main_thread():
    """Tests that signal their own process need the handlers, which only the main thread installs."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers need the main thread")


def test_sigterm_becomes_interrupted_with_exit_code_143(main_thread):
    old = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as e:
        with handle_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
    assert e.value.exit_code == 143 and exit_code(e.value) == 143 and isinstance(e.value, KeyboardInterrupt)
    assert signal.getsignal(signal.SIGTERM) is old
    assert exit_code(KeyboardInterrupt()) == 130 and exit_code(ValueError()) is None


def test_a_swallowed_signal_is_raised_again_when_the_block_ends(main_thread):
    with pytest.raises(Interrupted) as e:
        with handle_signals():
            try:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
            except KeyboardInterrupt:
                pass  # what a C extension did to Ctrl-C during the NetCDF write
    assert e.value.exit_code == 130


def test_a_deferred_signal_is_raised_after_the_section(main_thread):
    done = []
    with pytest.raises(Interrupted):
        with handle_signals(), deferred_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            done.append(True)
    assert done == [True]


def test_a_signal_during_staging_leaves_the_old_set(tmp_path, main_thread):
    old = old_set(tmp_path / "out")
    with pytest.raises(Interrupted) as e:
        with OutputSet() as out:
            out.add_text(tmp_path / "out" / "summary.json", "new")
            os.kill(os.getpid(), signal.SIGTERM)
            out.add_text(tmp_path / "out" / "results.nc", "new")
    assert e.value.committed is False and contents(tmp_path / "out") == old


# small files, many sets a second: the moments between the renames of a set are hit often
WRITER = """
import os, signal, sys
from somsim._io import OutputSet
from somsim._signals import Interrupted, exit_code, handle_signals
folder = sys.argv[1]
base = int(sys.argv[2])
filler = os.urandom(4096)
try:
    with handle_signals():  # as the command line does around a whole command
        print("ready", flush=True)
        for n in range(base, base + 100_000):
            with OutputSet(durable=n % 2 == 0) as out:
                for name in NAMES:
                    out.add_bytes(os.path.join(folder, name), b"run %d\\n" % n + filler)
                out.add_manifest(folder, info={"run_number": n})
except Interrupted as e:
    sys.exit(exit_code(e))
"""
NAMES = ("summary.json", "results.nc", "about.csv", "inputs.csv", "activities.csv", "report.html")


def test_signals_at_random_moments_never_leave_a_mix_nor_temporaries(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(20261128)
    seen = set()
    for i in range(20):
        sig = (signal.SIGINT, signal.SIGTERM)[i % 2]
        p = child(f"import runpy, sys; sys.argv = ['w', {str(folder)!r}, '{i * 100_000}']; "
                  f"runpy.run_path({str(script)!r}, run_name='__main__', init_globals={{'NAMES': {NAMES!r}}})",
                  stdout=subprocess.PIPE)
        assert p.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.4))
        p.send_signal(sig)
        assert p.wait(60) == 128 + sig
        p.stdout.close()
        runs = set()
        for name in NAMES:
            f = folder / name
            if f.exists():
                runs.add(f.read_bytes().split(b"\n", 1)[0])
        assert len(runs) <= 1, f"iteration {i}: outputs of two runs side by side: {runs}"
        if (folder / "manifest.json").exists():
            assert verify_manifest(folder) == []
        assert not temporaries(folder), f"iteration {i}: temporaries left"
        seen |= runs
    assert len(seen) > 1  # the runs did replace each other


# --- 4. NetCDF on a full disk -----------------------------------------------------------------------------


def test_netcdf_on_a_full_disk_is_an_error_not_a_segfault(tmp_path):
    pytest.importorskip("h5netcdf")
    target = tmp_path / "results.nc"
    target.write_bytes(b"old results")
    p = child(f"""
        import resource, signal, sys
        import numpy as np, xarray as xr
        from somsim._io import OutputError, OutputSet
        ds = xr.Dataset({{"net": (("draw",), np.random.default_rng(0).random(500_000))}})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk: writes past 1 MB fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, resource.RLIM_INFINITY))
        try:
            with OutputSet() as out:
                out.add_netcdf({str(target)!r}, ds)  # in memory first: HDF5 never meets the full disk
        except OutputError as e:
            print(e)
            sys.exit(1)
    """, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 1, (p.returncode, err)
    assert out.strip() == f"could not write {target}: File too large; no output was changed"
    assert target.read_bytes() == b"old results" and not temporaries(tmp_path)


def test_sigint_while_hdf5_serialises_is_not_swallowed(tmp_path):
    """h5py swallowed Ctrl-C during the NetCDF write (the run then finished with exit 0); no longer."""
    pytest.importorskip("h5netcdf")
    target = tmp_path / "results.nc"
    target.write_bytes(b"old results")
    p = child(f"""
        import sys
        import numpy as np, xarray as xr
        from somsim._io import OutputSet
        from somsim._signals import Interrupted, exit_code, handle_signals
        ds = xr.Dataset({{"net": (("draw", "k"), np.random.default_rng(0).random((6_000_000, 4)))}})
        try:
            with handle_signals(), OutputSet() as out:
                print("serialising", flush=True)
                out.add_netcdf({str(target)!r}, ds)
        except Interrupted as e:
            sys.exit(exit_code(e))
    """, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline() == b"serialising\n"
    time.sleep(0.15)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert b"Exception ignored" not in err  # an interrupt inside a callback is recorded, not printed
    assert target.read_bytes() == b"old results" and not temporaries(tmp_path)


# --- 5. text hygiene --------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_START)
def test_csv_cells_that_start_a_formula_are_neutralised(start):
    cell = start + "HYPERLINK(\"http://evil\",\"x\")"
    assert csv_safe(cell) == "'" + cell
    buf = io.StringIO()
    csv.writer(buf).writerow(csv_row(["ok", cell, -12.5]))
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == ["ok", "'" + cell, "-12.5"]


@pytest.mark.parametrize("cell", [-12.5, -3, 0, "-12.5", "+3", "-1e5", "-12,5", ".5", "plain", "a=b", "", None])
def test_numbers_and_harmless_text_are_unchanged(cell):
    assert csv_safe(cell) == cell


@pytest.mark.parametrize("code", [*range(0x20), *range(0x7F, 0xA0)])
def test_control_characters_are_found_and_escaped(code):
    ch = chr(code)
    text = f"Cool{ch}Kids"
    if ch in "\t\n":
        assert not has_control_chars(text) and printable(text) == text
    else:
        assert has_control_chars(text) and control_chars(text) == [(4, ch)]
        assert printable(text) == f"Cool\\x{code:02x}Kids" and not has_control_chars(printable(text))


def test_ordinary_text_is_untouched():
    text = "Børn og unge — 93 %\tkr.\nÆØÅ ✓"
    assert not has_control_chars(text) and printable(text) == text
    assert printable("\x1b]0;pwned\x07\x1b[2J") == "\\x1b]0;pwned\\x07\\x1b[2J"


# --- 6. resources -----------------------------------------------------------------------------------------


def test_memory_is_refused_up_front_with_the_estimate_and_the_way_on(monkeypatch):
    monkeypatch.delenv("SOMSIM_NO_MEMORY_CHECK", raising=False)
    with pytest.raises(UsageError) as e:
        require_memory({"per-draw results": 6 * 2**30, "results.nc in memory": 1.5 * 2**30},
                       "run with 50,000,000 draws and --out", ["use fewer draws", "leave out --out"],
                       available=3 * 2**30)
    assert str(e.value) == ("run with 50,000,000 draws and --out needs about 7.5 GiB of memory (per-draw results "
                            "6.0 GiB, results.nc in memory 1.5 GiB), more than the 3.0 GiB available. To proceed: "
                            "use fewer draws; leave out --out; or set SOMSIM_NO_MEMORY_CHECK=1 to try anyway.")
    require_memory(2 * 2**30, "a run", available=3 * 2**30)  # fits
    monkeypatch.setenv("SOMSIM_NO_MEMORY_CHECK", "1")
    require_memory(6 * 2**30, "a run", available=3 * 2**30)  # the user knows better


def test_available_memory_is_bounded_by_ulimit():
    avail = available_memory()
    if not os.path.exists("/proc/meminfo"):
        pytest.skip("no /proc/meminfo")
    assert avail is not None and avail > 0
    p = subprocess.run(["bash", "-c", f"ulimit -v 2000000; {sys.executable} -c "
                        "'from somsim._resources import available_memory; print(available_memory())'"],
                       env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert 0 <= int(p.stdout) <= 2_000_000 * 1024


def test_disk_space_is_refused_up_front(tmp_path):
    with pytest.raises(UsageError, match=r"needs about 8.0 EiB of disk space at .* free\. To proceed"):
        require_disk(tmp_path / "new" / "results.nc", 8 * 2**60, "results.nc")
    require_disk(tmp_path / "new" / "results.nc", 1, "results.nc")
    assert human_bytes(512) == "512 bytes" and human_bytes(1536) == "1.5 KiB"


def in_time(fn, seconds=10):
    """fn() in a thread; fails instead of hanging when it does not return in time."""
    out: list = []

    def run():
        try:
            out.append(fn())
        except BaseException as e:  # noqa: BLE001
            out.append(e)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert out, f"did not return within {seconds} s"
    return out[0]


def test_read_limited_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "case.toml"
    os.mkfifo(fifo)
    e = in_time(lambda: read_limited(fifo))
    assert isinstance(e, InputRefused) and e.reason == "is a FIFO (named pipe), not a regular file"


def test_read_limited_refuses_dev_zero_without_reading_it():
    e = in_time(lambda: read_limited("/dev/zero"))
    assert isinstance(e, InputRefused) and str(e) == "/dev/zero: is a character device, not a regular file"


def test_read_limited_sizes_kinds_and_missing_files(tmp_path):
    f = tmp_path / "case.toml"
    f.write_bytes(b"x" * 100)
    assert read_limited(f) == b"x" * 100 and read_limited(f, limit=100) == b"x" * 100
    with pytest.raises(InputRefused, match=r"is 100 bytes, more than the 99 bytes an input file may have"):
        read_limited(f, limit=99)
    for path, reason in ((tmp_path, "is a directory, not a regular file"), (tmp_path / "no.toml", "file not found"),
                         (str(tmp_path / "a\x00b"), "the path contains a NUL character")):
        with pytest.raises(InputRefused) as e:
            read_limited(path)
        assert e.value.reason == reason and isinstance(e.value, UsageError)
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    with pytest.raises(InputRefused, match="loop of symbolic links"):
        read_limited(tmp_path / "loop")


# --- 7. the commands (issue #16: the machinery above wired into every command) ------------------------------

from click.testing import CliRunner  # noqa: E402

from somsim.cli import main as cli_main  # noqa: E402

CASE = ROOT / "scenarios" / "cool-kids-2019.toml"
LIB = ROOT / "distributions" / "dk-activities.toml"


def cli(*args, **kw):
    return CliRunner().invoke(cli_main, [str(a) for a in args], **kw)


@pytest.fixture
def case(tmp_path) -> Path:
    """The bundled case, copied with its include given as an absolute path."""
    text = CASE.read_text(encoding="utf-8").replace('"../distributions/dk-activities.toml"', json.dumps(str(LIB)))
    p = tmp_path / "case.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("args", [
    ["run", "{case}", "--draws", "0", "--json", "{case}"],
    ["run", "{case}", "--draws", "0", "--xlsx", "{case}"],
    ["report", "{case}", "--draws", "0", "--out", "{case}"],
    ["report", "{case}", "--draws", "0", "--xlsx", "{case}"],
    ["run", "{case}", "--draws", "0", "--json", str(LIB)],
    ["voi", "{case}", "--draws", "1000", "--json", "{case}"],
    ["sensitivity", "{case}", "--method", "oat", "--json", "{case}"],
])
def test_an_output_that_is_an_input_is_refused_before_anything_runs(case, args):
    before = case.read_bytes(), LIB.read_bytes()
    res = cli(*(a.format(case=case) for a in args))
    assert res.exit_code == 2, res.output
    assert "is the input file" in res.stderr
    assert (case.read_bytes(), LIB.read_bytes()) == before


def test_dev_null_as_output_stays_a_device(case):
    res = cli("run", case, "--draws", "0", "--json", "/dev/null")
    assert res.exit_code == 0, res.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_run_out_is_a_unit_with_a_manifest(case, tmp_path):
    out = tmp_path / "out"
    assert cli("run", case, "--draws", "8192", "--seed", "1", "--out", out).exit_code == 0
    assert verify_manifest(out) == []
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    # a full disk while the second file is written: the old set stays, whole
    real = _io.write_all
    calls = {"n": 0}

    def full(fd, data, digest=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        return real(fd, data, digest)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_io, "write_all", full)
        res = cli("run", case, "--draws", "8192", "--seed", "2", "--out", out)
    assert res.exit_code == 1 and "No space left on device" in res.stderr and str(out) in res.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old and not temporaries(out)


def test_report_with_xlsx_and_csv_is_a_unit(case, tmp_path):
    html, xlsx, csvd = tmp_path / "r.html", tmp_path / "r.xlsx", tmp_path / "csv"
    html.write_text("old")
    with pytest.MonkeyPatch.context() as mp:
        real = _io.OutputSet.add_text

        def fail_on_html(self, path, text):
            if str(path).endswith(".html"):
                raise OSError(28, "No space left on device")
            return real(self, path, text)

        mp.setattr(_io.OutputSet, "add_text", fail_on_html)
        res = cli("report", case, "--draws", "0", "--no-analyses", "--out", html, "--xlsx", xlsx, "--csv", csvd)
    assert res.exit_code == 1, res.output
    assert html.read_text() == "old" and not xlsx.exists() and not csvd.exists()
    assert not temporaries(tmp_path)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_each_formula_start_is_neutralised_in_the_csv_files(start):
    from somsim.present.exports import _csv_text

    text = _csv_text([{"key": "title", "value": start + 'HYPERLINK("http://x")', "n": -12.5}], ["key", "value", "n"])
    row = list(csv.reader(io.StringIO(text, newline="")))[1]
    assert row[1] == "'" + start + 'HYPERLINK("http://x")' and row[2] == "-12.5"


def test_a_formula_title_is_text_in_about_csv(case, tmp_path):
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace('\ntitle = "', '\ntitle = "=HYPERLINK(""x"")', 1).replace('""x""', "'x'"),
                    encoding="utf-8")
    res = cli("run", case, "--draws", "0", "--csv", tmp_path / "csv")
    assert res.exit_code == 0, res.output
    about = dict(csv.reader(io.StringIO((tmp_path / "csv" / "about.csv").read_text())))
    assert about["title"].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("ch", ["\x1b", "\x00", "\x07", "\x9b", "\x7f"])
def test_control_characters_in_scenario_text_are_refused_with_the_key(case, ch):
    text = case.read_text(encoding="utf-8")
    escaped = json.dumps(ch)[1:-1]  # a TOML escape: \u001b …
    case.write_text(text.replace('\ntitle = "', f'\ntitle = "a{escaped}]2;pwned', 1), encoding="utf-8")
    for cmd in (["check", case], ["run", case, "--draws", "0"]):
        res = cli(*cmd)
        assert res.exit_code == 2, res.output
        assert "scenario.title" in res.stderr and "control character" in res.stderr
        assert ch not in res.output and ch not in res.stderr


def test_a_scenario_path_with_an_escape_is_shown_escaped(tmp_path):
    res = cli("check", tmp_path / "a\x1b[2Jb.toml")
    assert res.exit_code == 2 and "\x1b" not in res.stderr and "\\x1b" in res.stderr


def test_scenario_that_is_a_fifo_or_dev_zero_or_a_folder(tmp_path):
    fifo = tmp_path / "case.toml"
    os.mkfifo(fifo)
    for path, words in ((fifo, "is a FIFO"), ("/dev/zero", "is a character device")):
        t = time.monotonic()
        res = cli("check", path)
        assert res.exit_code == 2 and words in res.stderr and "not found" not in res.stderr
        assert time.monotonic() - t < 10
    res = cli("check", tmp_path)
    assert res.exit_code == 2 and "is a directory" in res.stderr


def test_a_scenario_over_10_mib_is_refused(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (10 * 1024 * 1024 + 10) + b"\n")
    res = cli("check", big)
    assert res.exit_code == 2 and "more than the 10.0 MiB" in res.stderr


def test_deep_nesting_is_bad_input_with_the_line(tmp_path):
    p = tmp_path / "deep.toml"
    p.write_text("somsim = 1\n\na = " + "[" * 5000 + "]" * 5000 + "\n")
    res = cli("check", p)
    assert res.exit_code == 2 and f"{p}:3:" in res.stderr and "nested 5000 deep" in res.stderr
    p.write_text("a = " + "[" * 40 + "]" * 40 + "\n")
    res = cli("check", p)
    assert res.exit_code == 2 and "at most 32 levels" in res.stderr


@pytest.mark.parametrize("make, words", [
    (lambda d: (d / "loop1").symlink_to(d / "loop2") or (d / "loop2").symlink_to(d / "loop1") or "loop1",
     "a loop of symbolic links"),
    (lambda d: (d / "libdir").mkdir() or "libdir", "is a directory"),
    (lambda d: os.mkfifo(d / "lib.fifo") or "lib.fifo", "is a FIFO"),
    (lambda d: "a\\u0000b", "NUL character"),
])
def test_bad_includes_are_bad_input_in_their_own_words(case, tmp_path, make, words):
    inc = make(tmp_path)
    case.write_text(case.read_text(encoding="utf-8").replace(json.dumps(str(LIB)), f'"{inc}"'), encoding="utf-8")
    res = cli("check", case)
    assert res.exit_code == 2, res.output
    assert "include[0]" in res.stderr and words in res.stderr and "internal error" not in res.stderr


def test_listing_problems_is_linear(monkeypatch):
    """The quadratic listing (each problem re-scanning the file for its line) is gone: one line index per file.

    Timings are in benchmarks/bench_listing.py; here the cause is checked without a clock.
    """
    from somsim.scenario import lines, report

    built = []
    real = lines.LineIndex.__init__

    def counting(self, text):
        built.append(len(text))
        real(self, text)

    monkeypatch.setattr(lines.LineIndex, "__init__", counting)
    monkeypatch.setattr(report.LineIndex, "__init__", counting)
    from somsim.errors import ScenarioError
    from somsim.scenario.loader import Scenario

    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(CASE_TEXT_WITH_UNKNOWN(4000), "many.toml")
    assert len(e.value.problems) >= 4000
    assert len(built) <= 2  # the scenario's index (and at most one for its library), not one per problem


def test_the_library_lists_the_first_10000_problems_and_counts_the_rest():
    from somsim.errors import ScenarioError
    from somsim.scenario.loader import Scenario

    text = CASE_TEXT_WITH_UNKNOWN(12_000)
    with pytest.raises(ScenarioError) as e:
        Scenario.from_text(text, "many.toml")
    probs = e.value.problems
    assert len(probs) == 10_001 and all(p.line is not None for p in probs[:-1])
    assert re.search(r"and 2,0\d\d more problems", probs[-1].message)  # 2,000 unknown keys (+ the include's)


def CASE_TEXT_WITH_UNKNOWN(n: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_listing import scenario_with_unknown_keys
    finally:
        sys.path.pop(0)
    return scenario_with_unknown_keys(n)


def test_the_command_line_caps_the_listing():
    from somsim.cli.app import _listed
    from somsim.errors import Problem

    lines = _listed([Problem("f.toml", f"k{i}", "unknown key", i) for i in range(2500)])
    assert len(lines) == 1001 and lines[-1] == "… and 1,500 more"


@pytest.fixture
def little_memory(monkeypatch):
    from somsim import _resources

    monkeypatch.delenv("SOMSIM_NO_MEMORY_CHECK", raising=False)
    monkeypatch.setattr(_resources, "available_memory", lambda: 200 << 20)


@pytest.mark.parametrize("args", [
    ["run", "{case}", "--draws", "50000000", "--out", "{out}"],
    ["run", "{case}", "--draws", "30000000", "--quantiles", "exact"],
    ["report", "{case}", "--draws", "10000000"],
    ["voi", "{case}", "--draws", "10000000"],
    ["sensitivity", "{case}", "--method", "hdmr", "--n", "16777216"],
    ["sensitivity", "{case}", "--method", "sobol", "--n", "2^20"],
    ["sensitivity", "{case}", "--method", "delta", "--n", "1000000"],
])
def test_every_command_refuses_up_front_what_memory_cannot_hold(case, tmp_path, little_memory, args):
    t = time.monotonic()
    res = cli(*(a.format(case=case, out=tmp_path / "out") for a in args))
    assert res.exit_code == 2, res.output
    assert "of memory" in res.stderr and "needs about" in res.stderr and "To proceed" in res.stderr
    assert time.monotonic() - t < 20 and not (tmp_path / "out").exists()


def test_a_small_run_passes_the_memory_check(case, little_memory):
    assert cli("run", case, "--draws", "8192").exit_code == 0


def _listener(reply: bytes | None):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()

    def serve():
        try:
            c, _ = s.accept()
        except OSError:  # the listener was closed
            return
        with c:
            try:
                if reply:
                    c.sendall(reply)
                time.sleep(6)
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    return s


@pytest.mark.parametrize("kind", ["silent", "http", "refused"])
def test_a_scheduler_that_is_not_dask_is_bad_input_within_seconds(case, kind):
    pytest.importorskip("distributed")
    if kind == "refused":
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    else:
        s = _listener(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" if kind == "http" else None)
        port = s.getsockname()[1]
    t = time.monotonic()
    try:
        res = cli("run", case, "--draws", "8192", "--scheduler", f"tcp://127.0.0.1:{port}")
    finally:
        s.close()  # the listener (an unclosed socket is a ResourceWarning, an error in this suite)
    took = time.monotonic() - t
    assert res.exit_code == 2, res.output
    assert f"tcp://127.0.0.1:{port}" in res.stderr and "expected a Dask scheduler" in res.stderr
    assert {"silent": "nothing answered", "http": "an HTTP server", "refused": "refused"}[kind] in res.stderr
    assert took < 10


def test_more_workers_than_cores_warns(case):
    res = cli("run", case, "--draws", "0", "--workers", str((os.cpu_count() or 1) + 1))
    assert res.exit_code == 0 and "more than the" in res.stderr and "cores" in res.stderr


@pytest.mark.parametrize("kw", [
    {"draws": None}, {"draws": float("nan")}, {"draws": True}, {"draws": 100.7}, {"draws": -1},
    {"seed": -1}, {"seed": "abc"}, {"seed": 1.5}, {"threads": 0}, {"chunk_size": -100},
    {"tolerance": float("nan")}, {"tolerance": 0}, {"tolerance": -1}, {"sampler": "mc"},
])
def test_simulate_refuses_bad_arguments_with_a_usage_error(kw):
    import somsim

    sc = somsim.load(CASE)
    with pytest.raises(UsageError) as e:
        somsim.simulate(sc, **kw)
    assert isinstance(e.value, ValueError) and isinstance(e.value, TypeError)
    assert next(iter(kw)) in str(e.value)


def test_api_functions_given_a_path_say_load_it_first(tmp_path):
    import somsim

    for fn in (lambda: somsim.simulate(str(CASE)), lambda: somsim.base_case(str(CASE)),
               lambda: somsim.analyse_sensitivity(str(CASE), "oat"), lambda: somsim.sobol(str(CASE)),
               lambda: somsim.oat(str(CASE))):
        with pytest.raises(UsageError, match="somsim.load"):
            fn()
    for fn in (lambda: somsim.load(None), lambda: somsim.load(3), lambda: somsim.open_results(tmp_path),
               lambda: somsim.save_results(None, tmp_path / "r.nc"), lambda: somsim.analyse_voi(None)):
        with pytest.raises(UsageError):
            fn()


def test_init_slugs_by_the_documented_rule(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = cli("init", "Børn og unge")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "boern-og-unge.toml").exists()
    assert 'id = "boern-og-unge"' in (tmp_path / "boern-og-unge.toml").read_text()


def test_numba_cache_falls_back_when_nothing_is_writable(tmp_path, monkeypatch):
    from somsim._numba_cache import ensure_cache_dir

    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    assert ensure_cache_dir(str(tmp_path), can_write=lambda d: True) is None
    folder = ensure_cache_dir(str(tmp_path), can_write=lambda d: False)
    assert folder is not None and os.environ["NUMBA_CACHE_DIR"] == folder
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/mine")
    assert ensure_cache_dir(str(tmp_path), can_write=lambda d: False) is None


def test_numba_runs_cached_in_the_fallback_folder(tmp_path):
    # a child process whose package folder and HOME count as unwritable compiles and runs a kernel
    code = f"""
        import os
        from somsim import _numba_cache
        _numba_cache.writable = lambda d: False
        os.environ.pop("NUMBA_CACHE_DIR", None)
        import tempfile; tempfile.tempdir = {str(tmp_path)!r}
        import somsim
        sc = somsim.load({str(CASE)!r})
        r = somsim.simulate(sc, draws=8192)
        print(os.environ["NUMBA_CACHE_DIR"])
    """
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["PYTHONPATH"] = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().startswith(str(tmp_path))


def _kill_one(i: int, case: Path, out: Path) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    p = subprocess.Popen([sys.executable, "-m", "somsim", "run", str(case), "--draws", "8192", "--seed", str(i),
                          "--out", str(out), "--no-progress"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    time.sleep(random.Random(i).uniform(0.5, 7.0))  # from start-up to the end of the write phase
    p.send_signal(random.Random(-i).choice([signal.SIGINT, signal.SIGTERM]))
    return p.wait(timeout=60)


def _one_run_or_none(out: Path) -> None:
    """The folder holds nothing, or one complete run vouched for by its manifest; never a temporary."""
    assert not out.exists() or not temporaries(out)
    files = sorted(p.name for p in out.iterdir()) if out.exists() else []
    if not files:
        return
    assert files == ["manifest.json", "results.nc", "summary.json"], files
    assert verify_manifest(out) == []
    import xarray as xr

    manifest = json.loads((out / "manifest.json").read_text())
    with xr.open_dataset(out / "results.nc", engine="h5netcdf") as ds:
        seeds = {json.loads((out / "summary.json").read_text())["seed"], int(ds.attrs["seed"]), manifest["seed"]}
    assert len(seeds) == 1


def test_fifty_runs_killed_at_random_never_leave_a_mix_nor_temporaries(case, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    def lane(k: int) -> list[int]:  # 4 lanes, each its own folder, runs one after another
        out = tmp_path / f"out{k}"
        codes = []
        for i in range(k, 50, 4):
            codes.append(_kill_one(i, case, out))
            _one_run_or_none(out)
        return codes

    with ThreadPoolExecutor(4) as pool:
        codes = [c for lane_codes in pool.map(lane, range(4)) for c in lane_codes]
    # 130/143: interrupted (by its own handlers, also while starting); -2/-15 or 1: killed while Python
    # itself was still importing the package, before any somsim code ran
    assert len(codes) == 50 and set(codes) <= {0, 1, 130, 143, -2, -15}, codes
    assert {130, 143} & set(codes)
