"""`somsim sensitivity`: which inputs drive the spread (a thin shell over :mod:`somsim.sensitivity.core`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import click

from somsim.cli.common import Outputs, console, print_warnings, progress_bar, show_progress
from somsim.cli.options import (
    Command,
    OneOf,
    Probs,
    Ranges,
    Whole,
    check_cluster,
    cluster_options,
    json_option,
    lang_option,
    progress_option,
    seed_option,
    threads_option,
)
from somsim.errors import UsageError
from somsim.sensitivity.common import METHODS


class SampleSize(Whole):
    """--n: a whole number 1 … 2^26 (also written ``2^14``, ``2**14``, ``1e4``), or ``auto``."""

    _POWER = re.compile(r"2\s*(?:\^|\*\*)\s*(\d+)")

    def __init__(self) -> None:
        super().__init__(1, 2**26, auto=True, hi_text="2^26")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int | str:
        """The size (an int) or "auto"."""
        m = self._POWER.fullmatch(str(value).strip())
        if m and int(m.group(1)) <= 26:
            return 2 ** int(m.group(1))
        return super().convert(value, param, ctx)


class Method(OneOf):
    """--method: one of the methods; 'tornado' is refused with the hint that oat gives the tornado."""

    def __init__(self) -> None:
        super().__init__(METHODS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        """The method's name."""
        if str(value).strip().lower() in ("tornado", "switching", "switching-values"):
            self.fail(f"--method {value}: the tornado and the switching values are --method oat", param, ctx)
        return super().convert(value, param, ctx)


@click.command(cls=Command)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=Method(), required=True,
              help="sobol: variance-based indices; morris: screening; delta, pawn, rbd-fast, hdmr: given-data "
                   "methods on the correlated sample (delta is slow: seconds per input at 1,000 draws); "
                   "oat: tornado and switching values.")
@click.option("--output", "outputs", multiple=True, metavar="OUTPUT",
              help="npv (default: total and each actor), npv.kommune, npv_per_participant[.ACTOR], net (every "
                   "year, total), net.ACTOR, net.ACTOR.YEAR, all. Repeat or separate by commas.")
@click.option("--n", "n", type=SampleSize(), default=None, metavar="N|auto",
              help="sobol: base sample, a power of two (default 4096; 2^14 is fine) or 'auto' (double until the "
                   "intervals are narrow); morris: trajectories (100); given-data: draws (10,000; delta 1,000; "
                   "hdmr 2,000).")
@seed_option()
@click.option("--second-order", is_flag=True, help="sobol: also second-order indices.")
@click.option("--groups/--no-groups", default=True, show_default=True, help="sobol: also indices of the groups.")
@click.option("--resamples", type=Whole(2, 100_000), default=None, metavar="N",
              help="Bootstrap resamples for the intervals (default 100; delta and hdmr 20).")
@click.option("--conf-level", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True,
              help="Confidence level of the bootstrap intervals.")
@click.option("--tolerance", type=click.FloatRange(0.001, 1.0), default=0.1, show_default=True,
              help="sobol: an interval is narrow when its half-width ≤ max(TOL·index, TOL/10).")
@click.option("--levels", type=Whole(2, 100), default=4, show_default=True, metavar="N",
              help="morris: levels (even).")
@click.option("--probs", type=Probs(), default="0.05,0.95", show_default=True, metavar="LOW,HIGH",
              help="oat: the probabilities of the tornado's low and high quantiles; morris: the quantile range "
                   "the levels span. (Called --quantiles before; `somsim run --quantiles` is how quantiles are "
                   "computed.)")
@click.option("--range", "ranges", type=Ranges(), multiple=True, metavar="NAME=LOW:HIGH",
              help="oat: a user range for an input (also a fixed one, e.g. success_rate=0.1:0.4); repeatable.")
@json_option("the results")
@threads_option()
@cluster_options("Evaluate (not for oat)")
@lang_option()
@progress_option()
def sensitivity(scenario: Path, method: str, outputs: tuple[str, ...], n: int | str | None, seed: int,
                second_order: bool, groups: bool, resamples: int | None, conf_level: float, tolerance: float,
                levels: int, probs: tuple[float, float], ranges: tuple[tuple[str, tuple[float, float]], ...],
                json_path: str | None, threads: int | None, workers: int | None, scheduler: str | None, lang: str,
                progress: bool | None) -> None:
    """Which inputs of SCENARIO drive the spread of its results."""
    from somsim._io import dumps_json
    from somsim.cli._update import load as load_scenario  # [[observation]]: the posterior
    from somsim.present.console.sensitivity import sensitivity_tables
    from somsim.sensitivity import core as S

    rg = dict(ranges)
    _only(method, "sobol", second_order=second_order, groups=not groups)
    _only(method, "oat", range=bool(rg))
    _only(method, "morris", levels=levels != 4)
    if n == "auto" and method != "sobol":
        raise UsageError("--n auto applies to --method sobol only")
    check_cluster(workers, scheduler, lang)
    if method == "oat" and (workers or scheduler):
        raise UsageError("--method oat evaluates two rows per input: it runs in-process (drop --workers/--scheduler)")
    if method == "oat" and n is not None:
        raise UsageError("--n does not apply to --method oat (it evaluates 2 rows per input)")
    files = Outputs(scenario)  # every output checked before anything is read or run
    files.declare(json_path)
    sc = load_scenario(scenario, lang)
    files.loaded(sc)
    print_warnings(sc, lang)
    out = list(outputs) or None
    n_out = len(S.resolve_outputs(sc, out))  # bad outputs are refused before anything runs
    S.check_memory(sc, method, n, n_out, second_order=second_order)
    kw: dict[str, Any] = {"outputs": out, "threads": threads}
    if method == "oat":
        kw.update(probs=probs, ranges=rg)
    else:
        kw.update(seed=seed, conf_level=conf_level, workers=workers, scheduler=scheduler,
                  **_method_keywords(method, n, resamples, second_order=second_order, groups=groups,
                                     tolerance=tolerance, levels=levels, probs=probs))
    with progress_bar(show_progress(progress), "evaluations", lang) as cb:
        if method != "oat":
            kw["progress"] = cb
        res = S.analyse(sc, method, **kw)
    doc = res.to_dict()
    to_stdout = json_path == "-"
    with files.writing() as written:
        if json_path is not None and not to_stdout:
            written.add_json(json_path, doc)
    con = console(err=to_stdout)
    for item in sensitivity_tables(sc, doc, lang, con.width):
        con.print(item)
    if to_stdout:
        sys.stdout.write(dumps_json(doc))


def _method_keywords(method: str, n: int | str | None, resamples: int | None, **opt: Any) -> dict[str, Any]:
    """The keywords of a designed or given-data method (sobol, morris, delta …) from the command's options."""
    if method == "sobol":
        return {"n": 4096 if n is None else n, "resamples": resamples or 100, "second_order": opt["second_order"],
                "groups": opt["groups"], "tolerance": opt["tolerance"]}
    if method == "morris":
        return {"trajectories": 100 if n is None else n, "resamples": resamples or 100, "levels": opt["levels"],
                "probs": opt["probs"]}
    return {"draws": n, "resamples": resamples}


def _only(method: str, allowed: str, **given: bool) -> None:
    """Refuse an option of one method given with another (UsageError)."""
    for opt, used in given.items():
        if used and method != allowed:
            flag = {"groups": "--no-groups", "second_order": "--second-order", "range": "--range",
                    "levels": "--levels"}[opt]
            raise UsageError(f"{flag} applies to --method {allowed} only (got --method {method})")
