"""Included activity libraries: finding and reading them, cycles, and merging their activities.

``include = [...]`` names library files relative to the including file, or a library shipped
inside the package as ``somsim:NAME`` (:mod:`somsim.scenario.bundled`). Libraries may include
others; each file is read once (a library reached twice, a diamond, is not a duplicate), a cycle
or a chain deeper than :data:`MAX_INCLUDE_DEPTH` is a problem, and an activity defined in two
libraries is a problem. The price indices are merged by :func:`somsim.scenario.rules.merge_price_index`.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from somsim._hygiene import printable
from somsim._resources import InputRefused
from somsim.scenario import schema as S
from somsim.scenario.bundled import PREFIX, resolve_bundled
from somsim.scenario.files import not_utf8, parse_toml, read_text
from somsim.scenario.money import thousands_problems
from somsim.scenario.report import Report
from somsim.scenario.rules import check_control_chars
from somsim.scenario.structure import check, key_part

__all__ = ["MAX_INCLUDE_DEPTH", "Libraries", "read_libraries"]

MAX_INCLUDE_DEPTH = 20
# the tables of a scenario that a library may not hold (reported once, as [scenario] or [intervention])
_SCENARIO_ONLY = ("scenario", "intervention", "cost", "consequence", "correlation", "groups")


@dataclass
class Libraries:
    """What the included libraries provide.

    Attributes
    ----------
    activities : dict
        Activity key → (its schema table, or None if refused; the file that defines it).
    indexes : list
        Each library's ``[price_index]`` table (None if refused) and file, in merge order.
    files : list of str
        The library files read, in reading order.
    index_notes : dict of int to str
        Per year, a library's note that its price index value is not the published one.
    complete : bool
        False when an ``include`` list or a library's ``[activity]`` table was refused, so that
        the activities (and so the inputs) are not known for sure.
    """

    activities: dict[str, tuple[S.Activity | None, str]] = field(default_factory=dict)
    indexes: list[tuple[Mapping[str, float | None] | None, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    complete: bool = True
    index_notes: dict[int, str] = field(default_factory=dict)


def read_libraries(report: Report, includes: list[str] | None, path: Path, file: str) -> Libraries:
    """Read the libraries a scenario includes, and theirs, reporting every problem.

    Parameters
    ----------
    report : Report
        Where problems go.
    includes : list of str or None
        The scenario's ``include`` list (None if it was refused).
    path : pathlib.Path
        The scenario's path: includes are relative to its folder.
    file : str
        The scenario's name in problem reports.

    Returns
    -------
    Libraries
        Their activities, price indices and files.
    """
    libs = Libraries()
    if includes is None:
        libs.complete = False
        return libs
    exists = path.exists()
    chain = (path.resolve(),) if exists else ()
    _include(report, includes, path.resolve() if exists else path, file, chain, libs)
    return libs


def _include(report: Report, includes: list[str], base: Path, file: str, chain: tuple[Path, ...],
             libs: Libraries) -> None:
    """Read the libraries of one ``include`` list (depth first: a library's own includes come first)."""
    for i, inc in enumerate(includes):
        if inc is None:  # not a text: reported by the schema
            libs.complete = False
            continue
        key = f"include[{i}]"
        if inc.startswith(PREFIX):  # a library shipped inside the package
            found, problem = resolve_bundled(inc)
            if found is None:
                report.error(file, key, problem or "")
                continue
            p = found.resolve()
        else:
            p, problem = _resolve(base, inc)
        problem = problem or _cannot_follow(p, chain, inc)
        if problem:
            report.error(file, key, problem)
            continue
        if str(p) in libs.files:  # the same library reached twice (a diamond): read it once
            continue
        lib = _read_library(report, p, file, key, inc, libs)
        if lib is None:
            continue
        if lib.include is None or lib.activity is None:
            libs.complete = False
        _include(report, lib.include or [], p, str(p), (*chain, p), libs)
        _merge_activities(report, lib.activity or {}, str(p), libs)
        libs.indexes.append((lib.price_index, str(p)))
        for y, note in (lib.library.price_index_notes or {}).items() if lib.library is not None else ():
            if y.isdigit() and note:
                libs.index_notes[int(y)] = note


def _resolve(base: Path, inc: str) -> tuple[Path, str | None]:
    """The include's resolved path, or why it has none (a NUL in the name, a loop of symbolic links)."""
    if "\x00" in inc:
        return base, f"the included file's name contains a NUL character (got {printable(repr(inc))})"
    try:
        return (base.parent / inc).resolve(strict=False), None
    except (OSError, RuntimeError, ValueError) as e:  # RuntimeError: a symlink loop (Python < 3.13)
        why = "a loop of symbolic links" if isinstance(e, RuntimeError) or getattr(e, "errno", None) == 40 else e
        return base, f"cannot follow the included file {printable(repr(inc))}: {why}"


def _cannot_follow(p: Path, chain: tuple[Path, ...], inc: str) -> str | None:
    """Why the include `inc` (resolved to `p`) cannot be read, or None."""
    if p in chain:
        return f"include cycle ({' -> '.join(x.name for x in (*chain, p))})"
    if len(chain) > MAX_INCLUDE_DEPTH:
        return f"includes nested deeper than {MAX_INCLUDE_DEPTH}"
    try:
        st = p.stat()
    except FileNotFoundError:
        return f"included file not found (got {printable(repr(inc))}; looked for {printable(repr(str(p)))})"
    except OSError as e:
        loop = e.errno == 40  # ELOOP
        return (f"cannot read the included file {printable(repr(inc))}: "
                f"{'a loop of symbolic links' if loop else e.strerror or e}")
    if not stat.S_ISREG(st.st_mode):
        kind = "a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else \
            "a device or socket"
        return f"the included file {printable(repr(inc))} is {kind}, not a regular file"
    return None


def _read_library(report: Report, p: Path, file: str, key: str, inc: str, libs: Libraries) -> S.LibraryFile | None:
    """Read, parse and check one library; None when it cannot be read at all."""
    try:
        text = read_text(p)
    except InputRefused as e:  # over 10 MiB, or changed since it was checked
        report.error(file, key, f"included file {printable(repr(inc))}: {e.reason}")
        return None
    except UnicodeDecodeError as e:
        report.error(file, key, f"included file {inc!r}: {not_utf8(e)[0]}")
        return None
    except OSError as e:
        report.error(file, key, f"cannot read included file ({e})")
        return None
    lf = str(p)
    libs.files.append(lf)
    data = parse_toml(report, text, lf)
    if data is None:
        return None
    if "scenario" in data or "intervention" in data:
        report.error(lf, "scenario" if "scenario" in data else "intervention",
                     "an included file is an activity library and cannot hold [scenario] or [intervention]")
        data = {k: v for k, v in data.items() if k not in _SCENARIO_ONLY}
    check_control_chars(report, lf, data)
    checked = check(S.LibraryFile, data)
    for k, msg in checked.problems:
        report.error(lf, k, msg)
    for line, k, msg in thousands_problems(text):
        report.error(lf, k, msg, line)
    lib = checked.doc
    if lib.somsim not in (None, 1):
        report.error(lf, "somsim", f"unsupported format version (got {lib.somsim}; expected 1)")
    return lib


def _merge_activities(report: Report, activities: Mapping[str, S.Activity | None], file: str, libs: Libraries) -> None:
    """Add one library's activities; one defined already (in another library) is a problem."""
    for k, a in activities.items():
        if k in libs.activities:
            report.error(file, f"activity.{key_part(k)}", f"activity defined twice (also in {libs.activities[k][1]})")
        else:
            libs.activities[k] = (a, file)
