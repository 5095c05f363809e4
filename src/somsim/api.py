"""The result objects of the Python API (for scripts and notebooks): a run, a sensitivity analysis, a VOI analysis.

``somsim.simulate`` returns a :class:`Run`: ``.summary`` (summary.json as a typed, read-only view
with attribute access), ``.to_xarray()``, ``.plot.fan()`` and the other plots, ``.report(path)``.
``somsim.sobol``/``oat``/``morris``/``given_data`` return a :class:`Sensitivity` and
``somsim.analyse_voi`` a :class:`VOI`; both have ``.to_pandas()``, ``.to_xarray()`` and ``.plot()``.
Every actor axis is in one order: total, kommune, region, stat (then any committees).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from somsim._vocab import DISPLAY_ORDER, OUTPUTS

if TYPE_CHECKING:
    from somsim.model.reference import Flows

__all__ = ["VOI", "BaseCase", "Run", "Sensitivity", "Summary", "analyse_sensitivity", "analyse_voi", "base_case",
           "example", "given_data", "morris", "oat", "simulate", "sobol"]

#: the bundled cases: the four published SØM cases (reconstructions) and the fictional §6 example
EXAMPLES = ("aarhus-alkohol-2020", "cool-kids-2019", "ikast-brande-cool-kids-2020", "keep-2019", "ungementor-fiktiv")


def example(name: str) -> Path:
    """The path of a bundled case: one of :data:`EXAMPLES` (e.g. ``"cool-kids-2019"``).

    The cases are installed with the package (``somsim/examples/scenarios/``, with the activity
    library they include in ``somsim/examples/distributions/``): byte-for-byte copies of the
    ``scenarios/`` and ``distributions/`` folders of the source, so ``somsim.load(example(name))``
    works from a plain ``pip install``. Copy the file to change it.

    Examples
    --------
    >>> example("keep-2019").name
    'keep-2019.toml'
    """
    from importlib import resources

    from somsim._text import did_you_mean

    if name not in EXAMPLES:
        raise ValueError(f"no bundled case {name!r}; the cases are {', '.join(EXAMPLES)}{did_you_mean(name, EXAMPLES)}")
    path = Path(str(resources.files("somsim") / "examples" / "scenarios" / f"{name}.toml"))
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not here: this installation of somsim lacks its bundled cases")
    return path


class Summary(Mapping):
    """A read-only view of a JSON document (summary.json) with attribute access: ``s.uncertainty.npv.total.p05``.

    It is a :class:`~collections.abc.Mapping` (``s["base_case"]``, ``dict(s)``, ``json.dumps(s.to_dict())``);
    nested objects are Summaries too.

    Examples
    --------
    >>> s = Summary({"base_case": {"npv": {"total": 4.0}}})
    >>> s.base_case.npv.total
    4.0
    """

    def __init__(self, data: Mapping[str, Any]):
        self._data = data

    def __getitem__(self, key: str) -> Any:
        """The value at `key` (a nested mapping as a Summary)."""
        v = self._data[key]
        return Summary(v) if isinstance(v, Mapping) else v

    def __getattr__(self, name: str) -> Any:
        """The value at `name`, as ``s[name]``; AttributeError naming the keys there are."""
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no {name!r} here; the keys are {', '.join(self._data)}") from None

    def __iter__(self) -> Iterator[str]:
        """The keys, in the document's order."""
        return iter(self._data)

    def __len__(self) -> int:
        """The number of keys."""
        return len(self._data)

    def __dir__(self) -> list[str]:
        """The keys (for tab completion)."""
        return list(self._data)

    def __repr__(self) -> str:
        """``Summary(key, key, …)``."""
        return f"Summary({', '.join(self._data)})"

    def to_dict(self) -> dict:
        """The plain dict underneath."""
        return dict(self._data)


class BaseCase:
    """The classic SØM base case (every input at its point value), by actor in display order.

    Attributes
    ----------
    npv, gains_pv, costs_pv : dict of str to float
        By actor: total, kommune, region, stat.
    flows : Flows
        The model's arrays (actor axes in the kernel's order kommune, region, stat, total).
    """

    def __init__(self, flows: Flows) -> None:
        self.flows = flows
        self.npv: dict[str, float] = self._by_actor(flows.npv)
        self.gains_pv: dict[str, float] = self._by_actor(flows.gains_pv)
        self.costs_pv: dict[str, float] = self._by_actor(flows.costs_pv)

    @staticmethod
    def _by_actor(arr) -> dict[str, float]:
        return {a: float(arr[0, OUTPUTS.index(a)]) for a in DISPLAY_ORDER}

    def __repr__(self) -> str:
        """The NPVs by actor."""
        return "BaseCase(npv=" + ", ".join(f"{a}={v:,.0f}" for a, v in self.npv.items()) + ")"


def base_case(sc) -> BaseCase:
    """The classic deterministic SØM calculation: every input at its point value.

    Parameters
    ----------
    sc : Scenario
        From :func:`somsim.load`.

    Returns
    -------
    BaseCase
        ``.npv`` etc. by actor in the order total, kommune, region, stat; ``.flows`` the arrays.

    Examples
    --------
    >>> import somsim
    >>> sc = somsim.load(somsim.example("cool-kids-2019"))
    >>> list(somsim.base_case(sc).npv)
    ['total', 'kommune', 'region', 'stat']
    """
    from somsim.model.reference import base_case as _base

    return BaseCase(_base(sc))


class _Plots:
    """The plots of a run: each returns a matplotlib Axes (a new figure unless `ax` is given)."""

    def __init__(self, run: Run):
        self._run = run

    def _ax(self, ax, height: float = 4.2):
        if ax is not None:
            return ax
        from somsim.present.plots import new_figure

        return new_figure(8.0, height)[1]

    def fan(self, actor: str = "total", *, ax=None, lang: str = "da", **kw):
        """The cumulative NPV by year with its 50 % and 90 % bands (:func:`~somsim.present.plots.plot_fan`)."""
        from somsim.present.plots import plot_fan

        return plot_fan(self._run.summary.to_dict(), actor, ax=self._ax(ax), lang=lang, **kw)

    def npv(self, actor: str = "total", *, ax=None, lang: str = "da", **kw):
        """The distribution of the NPV over the draws (needs ``keep_draws=True``)."""
        from somsim.present.plots import plot_npv_distribution

        r = self._run.result
        if r.npv is None:
            raise ValueError("the NPV of each draw was not kept: simulate(..., keep_draws=True)")
        doc = self._run.summary
        return plot_npv_distribution(r.npv[:, OUTPUTS.index(actor)], base=doc.base_case.npv[actor], ax=self._ax(ax),
                                     lang=lang, actor=actor, price_year=doc.price_year, **kw)

    def break_even(self, actors=None, *, ax=None, lang: str = "da", **kw):
        """The chance of having broken even by each year (:func:`~somsim.present.plots.plot_break_even`)."""
        from somsim.present.plots import plot_break_even

        return plot_break_even(self._run.summary.to_dict(), actors, ax=self._ax(ax), lang=lang, **kw)

    def gains_and_costs(self, actor: str = "total", *, ax=None, lang: str = "da", **kw):
        """The base case's gains by domain against its costs."""
        from somsim.present.plots import plot_gains_and_costs

        return plot_gains_and_costs(self._run.summary.to_dict(), actor, ax=self._ax(ax), lang=lang, **kw)


class Run:
    """A probabilistic run: what :func:`simulate` returns.

    Attributes
    ----------
    scenario : Scenario
        What was run.
    result : SimulationResult
        The engine's result (per-draw arrays when ``keep_draws=True``).
    summary : Summary
        summary.json as ``somsim run`` writes it, with attribute access.
    plot : object
        ``.fan()``, ``.npv()``, ``.break_even()``, ``.gains_and_costs()``: matplotlib Axes.
    """

    def __init__(self, result):
        from somsim.present.report import summary_document

        self.result = result
        self.scenario = result.scenario
        self.summary = Summary(summary_document(result.scenario, result))
        self.plot = _Plots(self)

    @property
    def draws(self) -> int:
        """Number of draws."""
        return self.result.draws

    def to_xarray(self):
        """The draws as an xarray Dataset (as in results.nc; needs ``keep_draws=True``).

        Returns
        -------
        xarray.Dataset
        """
        from somsim.results.dataset import to_dataset

        if self.result.inputs is None:
            raise ValueError("the draws were not kept: simulate(..., keep_draws=True)")
        return to_dataset(self.result)

    def report(self, path: str | Path, *, lang: str = "da", analyses: bool = True) -> Path:
        """Write the self-contained HTML report of this run to `path` (as ``somsim report`` does).

        Returns
        -------
        pathlib.Path
            The file written.
        """
        from somsim._io import write_text
        from somsim.present.report import build_report

        r = self.result
        html = build_report(self.scenario, lang=lang, draws=r.draws, seed=r.seed, sampler=r.sampler, result=r,
                            analyses=analyses and r.inputs is not None)
        write_text(path, html)
        return Path(path)

    def sensitivity(self, method: str = "sobol", **kw) -> Sensitivity:
        """A sensitivity analysis of this run's scenario (:func:`analyse_sensitivity`)."""
        return analyse_sensitivity(self.scenario, method, **kw)

    def voi(self, **kw) -> VOI:
        """The value of information of this run (:func:`analyse_voi`; needs ``keep_draws=True``)."""
        return analyse_voi(self, **kw)

    def __repr__(self) -> str:
        """Scenario, draws and seed."""
        return f"Run({self.scenario.id!r}, draws={self.draws}, seed={self.result.seed})"


def simulate(sc, draws: int | str = 10_000, seed: int = 1, *, keep_draws: bool = True, **kw) -> Run:
    """A probabilistic run of scenario `sc`.

    Parameters
    ----------
    sc : Scenario
        From :func:`somsim.load`.
    draws : int or "auto"
        Monte Carlo draws.
    seed : int
        The same seed gives the same numbers.
    keep_draws : bool
        Keep every draw (needed by ``.to_xarray()``, ``.plot.npv()`` and the VOI); default True.
    **kw
        Further keywords of :func:`somsim.simulation.engine.simulate` (sampler, threads, workers …).

    Returns
    -------
    Run

    Examples
    --------
    >>> import somsim
    >>> run = somsim.simulate(somsim.load(somsim.example("keep-2019")), draws=2000, seed=1)
    >>> run.summary.draws
    2000
    """
    from somsim.simulation.engine import simulate as _simulate

    return Run(_simulate(sc, draws=draws, seed=seed, keep_draws=keep_draws, **kw))


def _pandas():
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas, which is not installed: pip install pandas "
                          "(or use to_xarray())") from None
    return pandas


class Sensitivity:
    """A sensitivity result with tables and a plot; the engine's :class:`SensitivityResult` is ``.result``.

    Attribute access falls through to the result (``.method``, ``.results``, ``.to_dict()`` …).
    """

    def __init__(self, result):
        self.result = result

    def __getattr__(self, name: str) -> Any:
        """The result's attribute."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.result, name)

    def __getitem__(self, output: str) -> dict:
        """The result of one output (``s["npv.total"]``)."""
        return self.result[output]

    def _rows(self) -> list[dict]:
        rows = []
        for r in self.result.results:
            table = r.get("indices") or r.get("tornado") or {}
            for name, v in table.items():
                rows.append({"output": r["output"], "input": name,
                             **{k: x for k, x in v.items() if isinstance(x, (int, float)) or x is None}})
        return rows

    def to_pandas(self):
        """One row per output and input, a column per index (or tornado value).

        Returns
        -------
        pandas.DataFrame
            Indexed by (output, input). Needs pandas (an ImportError says so).
        """
        pd = _pandas()
        return pd.DataFrame(self._rows()).set_index(["output", "input"])

    def to_xarray(self):
        """The indices as an xarray Dataset over (output, input)."""
        import xarray as xr

        rows = self._rows()
        outs = list(dict.fromkeys(r["output"] for r in rows))
        ins = list(dict.fromkeys(r["input"] for r in rows))
        keys = list(dict.fromkeys(k for r in rows for k in r if k not in ("output", "input")))
        import numpy as np

        data = {k: np.full((len(outs), len(ins)), np.nan) for k in keys}
        for r in rows:
            for k in keys:
                v = r.get(k)
                if v is not None:
                    data[k][outs.index(r["output"]), ins.index(r["input"])] = float(v)
        return xr.Dataset({k: (("output", "input"), v) for k, v in data.items()},
                          coords={"output": outs, "input": ins}, attrs={"method": self.result.method})

    def plot(self, output: str | None = None, *, ax=None, lang: str = "da", top: int = 10):
        """The tornado (oat) or the Sobol' indices (sobol) of `output` (default: the first) as a matplotlib Axes."""
        from somsim.present.plots import new_figure, plot_sobol, plot_tornado

        r = self.result[output] if output else self.result.results[0]
        if ax is None:
            ax = new_figure(8.0, 4.2)[1]
        if self.result.method == "oat":
            return plot_tornado(r, ax=ax, lang=lang, top=top, price_year=self.result.scenario.price_year)
        if self.result.method == "sobol":
            return plot_sobol(r, ax=ax, lang=lang, top=top)
        raise ValueError(f"no plot for --method {self.result.method}; use to_pandas()")

    def __repr__(self) -> str:
        """Method and outputs."""
        return f"Sensitivity({self.result.method!r}, outputs={list(self.result.outputs)})"


def analyse_sensitivity(sc, method: str, **kw) -> Sensitivity:
    """Run sensitivity `method` (sobol, morris, oat, delta, pawn, rbd-fast, hdmr) on `sc`.

    Parameters
    ----------
    sc : Scenario
    method : str
    **kw
        The keywords of the method (see :mod:`somsim.sensitivity.core`), e.g. ``n=256`` for sobol.

    Returns
    -------
    Sensitivity

    Examples
    --------
    >>> import somsim
    >>> s = somsim.oat(somsim.load(somsim.example("keep-2019")), outputs=["npv.total"])
    >>> s.to_pandas().loc["npv.total"].sort_values("swing").index[-1]
    'success_rate'
    """
    from somsim.sensitivity import core

    return Sensitivity(core.analyse(sc, method, **kw))


def sobol(sc, **kw) -> Sensitivity:
    """Sobol' indices (:func:`somsim.sensitivity.core.sobol`) as a :class:`Sensitivity`."""
    return analyse_sensitivity(sc, "sobol", **kw)


def oat(sc, **kw) -> Sensitivity:
    """The tornado and switching values (:func:`somsim.sensitivity.core.oat`) as a :class:`Sensitivity`."""
    return analyse_sensitivity(sc, "oat", **kw)


def morris(sc, **kw) -> Sensitivity:
    """Morris screening (:func:`somsim.sensitivity.core.morris`) as a :class:`Sensitivity`."""
    return analyse_sensitivity(sc, "morris", **kw)


def given_data(sc, method: str = "delta", **kw) -> Sensitivity:
    """A given-data method (delta, pawn, rbd-fast, hdmr) as a :class:`Sensitivity`."""
    return analyse_sensitivity(sc, method, **kw)


class VOI:
    """A value-of-information result with a table and a plot; the engine's :class:`VOIResult` is ``.result``."""

    def __init__(self, result, scenario):
        self.result = result
        self.scenario = scenario

    def __getattr__(self, name: str) -> Any:
        """The result's attribute (``.evpi``, ``.ranking()`` …)."""
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.result, name)

    def document(self) -> dict:
        """The JSON document ``somsim voi --json`` writes."""
        from somsim.voi.core import document

        return document(self.result, None, scenario=self.scenario)

    def _rows(self) -> list[dict]:
        out = []
        for kind in ("input", "group"):
            for r in self.result.ranking(kind):
                out.append({"kind": kind, "name": r.name, "evppi": r.value, "se": r.se, "ratio": r.ratio,
                            "variance_share": r.variance_share, "r2": r.r2})
        return out

    def to_pandas(self):
        """EVPPI of every input and group, largest first (pandas.DataFrame indexed by kind and name)."""
        return _pandas().DataFrame(self._rows()).set_index(["kind", "name"])

    def to_xarray(self):
        """EVPPI of every input and group as an xarray Dataset over ``name`` (with a ``kind`` coordinate)."""
        import xarray as xr

        rows = self._rows()
        keys = ("evppi", "se", "ratio", "variance_share", "r2")
        return xr.Dataset({k: ("name", [float("nan") if r[k] is None else float(r[k]) for r in rows]) for k in keys},
                          coords={"name": [r["name"] for r in rows], "kind": ("name", [r["kind"] for r in rows])},
                          attrs={"evpi": self.result.evpi, "perspective": self.result.perspective})

    def plot(self, *, ax=None, lang: str = "da", top: int = 10):
        """The ranking of inputs and groups by EVPPI as a matplotlib Axes."""
        from somsim.present.effects import effect_labels
        from somsim.present.plots import new_figure, plot_voi_ranking, rows_height

        if ax is None:
            ax = new_figure(8.0, rows_height(top))[1]
        doc = self.document()
        return plot_voi_ranking(doc, ax=ax, lang=lang, top=top, price_year=self.scenario.price_year,
                                labels=effect_labels(self.scenario, doc["evppi"], lang))

    def __repr__(self) -> str:
        """EVPI and perspective."""
        return f"VOI(evpi={self.result.evpi:,.0f}, perspective={self.result.perspective!r})"


def analyse_voi(run, **kw) -> VOI:
    """EVPI and the EVPPI of every input and group of a run.

    Parameters
    ----------
    run : Run or SimulationResult
        From :func:`simulate` (with ``keep_draws=True``, the default).
    **kw
        perspective, min_npv, resamples … (see :func:`somsim.voi.core.analyse`).

    Returns
    -------
    VOI

    Examples
    --------
    >>> import somsim
    >>> run = somsim.simulate(somsim.load(somsim.example("keep-2019")), draws=2000)
    >>> somsim.analyse_voi(run, resamples=5).evpi > 0
    True
    """
    from somsim.voi.core import analyse

    result = run.result if isinstance(run, Run) else run
    return VOI(analyse(result, **kw), result.scenario)
