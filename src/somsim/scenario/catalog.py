"""A bundled activity library as a catalogue: its activities, searchable by Danish words.

:func:`catalogue` reads ``somsim:NAME`` through the loader's own checks (a library that would be
refused in a scenario is refused here too); :func:`search` finds activities by words, insensitive
to case, accents and the Danish letters (``fængsel`` = ``faengsel``, ``anbringelse`` finds the
placements).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from somsim._vocab import ACTORS
from somsim.distributions.core import Distribution
from somsim.errors import Problem, ScenarioError
from somsim.scenario.bundled import PREFIX, resolve_bundled
from somsim.scenario.consequences import resolve_activities
from somsim.scenario.includes import Libraries, read_libraries
from somsim.scenario.report import Report
from somsim.scenario.rules import Context

__all__ = ["Catalogue", "Entry", "catalogue", "fold", "search"]


@dataclass(frozen=True)
class Entry:
    """One activity of a library, as a catalogue shows it.

    Attributes
    ----------
    key, title, domain, unit, kind : str
        As in ``[activity.KEY]`` (unit '' when none is given).
    price_year : int
        The year of its prices.
    indexed : bool
        False for a rate, which is not converted between price years.
    price : dict of str to Distribution
        Unit price per actor (actors that pay nothing are left out).
    source, note : str
        Where the prices come from; the reasoning and the assumptions ('' when none).
    """

    key: str
    title: str
    domain: str
    unit: str
    kind: str
    price_year: int
    indexed: bool
    price: dict[str, Distribution]
    source: str
    note: str


@dataclass(frozen=True)
class Catalogue:
    """A library's activities (in file order) and its price index (year → value)."""

    name: str
    path: Path
    entries: tuple[Entry, ...]
    price_index: dict[int, float]
    index_notes: dict[int, str]


def catalogue(name: str = "dk-activities") -> Catalogue:
    """The activities of the bundled library `name` (``dk-activities``; with or without ``somsim:``).

    Raises
    ------
    ScenarioError
        For an unknown name (the bundled names listed) or a library with problems.
    """
    include = name if name.startswith(PREFIX) else PREFIX + name
    path, problem = resolve_bundled(include)
    if path is None:
        raise ScenarioError([Problem(include, "", problem or "")])
    report = Report()
    libs: Libraries = read_libraries(report, [include], path.parent / "<catalogue>", include)
    ctx = Context(report, include)
    resolved = resolve_activities(ctx, {}, libs, None)
    if report.problems:
        raise report.exception()
    entries = []
    for k, a in resolved.items():
        assert a is not None
        entries.append(Entry(k, a.title, a.domain, a.unit or "", a.kind, a.price_year, a.indexed,
                             {x: a.price[x] for x in ACTORS if x in a.price and a.price[x].point != 0},
                             a.source or "", a.note or ""))
    index: dict[int, float] = {}
    for raw, _f in libs.indexes:
        index.update({int(y): float(v) for y, v in (raw or {}).items() if v is not None and y.isdigit()})
    return Catalogue(include, path, tuple(entries), dict(sorted(index.items())), dict(libs.index_notes))


def fold(text: str) -> str:
    """Lower case, æ→ae ø→oe å→aa, accents removed: the form searches compare."""
    t = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    t = unicodedata.normalize("NFKD", t)
    return "".join(ch for ch in t if not unicodedata.combining(ch))


def search(cat: Catalogue, words: list[str] | str) -> list[Entry]:
    """The activities whose key, title, domain, unit or note hold every one of `words` (folded).

    Parameters
    ----------
    cat : Catalogue
        The library.
    words : list of str or str
        Danish (or any) words; ``faengsel`` and ``fængsel`` are the same word.
    """
    ws = [fold(w) for w in (words.split() if isinstance(words, str) else words) if w.strip()]
    out = []
    for e in cat.entries:
        hay = fold(" ".join((e.key, e.key.replace("_", " "), e.title, e.domain, e.unit, e.note)))
        if all(w in hay for w in ws):
            out.append(e)
    return out


