"""`somsim sensitivity`: which inputs drive the spread (a thin shell over :mod:`somsim.sensitivity`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from somsim.cli.common import _console, _print_warnings, progress_bar
from somsim.errors import UsageError
from somsim.sensitivity.core import METHODS

#: the column shown per input in the year-by-year table of each method
_MATRIX_KEY = {"sobol": "ST", "morris": "mu_star", "delta": "delta", "pawn": "median", "rbd-fast": "S1",
               "hdmr": "ST", "oat": "swing"}


class _OneLineErrors(click.Command):
    """Bad arguments give one line on stderr and exit code 2 (somsim's UsageError), not click's usage block."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as e:
            raise UsageError(" ".join(e.format_message().split())) from None


def _parse_n(value: str | None, method: str):
    if value is None:
        return None
    v = value.strip().replace("_", "")
    if v == "auto":
        if method != "sobol":
            raise UsageError("--n auto applies to --method sobol only")
        return "auto"
    m = re.fullmatch(r"2\s*(?:\^|\*\*)\s*(\d+)", v)
    try:
        n = 2 ** int(m.group(1)) if m else int(v) if not any(c in v for c in ".eE") else int(float(v))
    except (ValueError, OverflowError):
        raise UsageError(f"--n expects a whole number{' or auto' if method == 'sobol' else ''} (got {value!r})") from None
    if n < 1 or n > 2**26:
        raise UsageError(f"--n out of range (got {value}; expected 1 … 2^26)")
    return n


def _parse_probs(value: str) -> tuple[float, float]:
    try:
        lo, hi = (float(x) for x in value.split(","))
    except ValueError:
        raise UsageError(f"--quantiles expects LOW,HIGH such as 0.05,0.95 (got {value!r})") from None
    if not 0 < lo < hi < 1:
        raise UsageError(f"--quantiles must satisfy 0 < LOW < HIGH < 1 (got {value!r})")
    return lo, hi


def _parse_ranges(values) -> dict[str, tuple[float, float]]:
    out = {}
    for v in values:
        m = re.fullmatch(r"\s*([^=\s]+)\s*=\s*([^:]+):([^:]+)\s*", v)
        try:
            if not m:
                raise ValueError
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)))
        except ValueError:
            raise UsageError(f"--range expects NAME=LOW:HIGH such as success_rate=0.1:0.4 (got {v!r})") from None
    return out


@click.command(cls=_OneLineErrors)
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(METHODS), required=True,
              help="sobol: variance-based indices; morris: screening; delta, pawn, rbd-fast, hdmr: given-data "
                   "methods on the correlated sample (delta is slow: seconds per input at 1,000 draws); "
                   "oat: tornado and switching values.")
@click.option("--output", "outputs", multiple=True, metavar="OUTPUT",
              help="npv (default: total and each actor), npv.kommune, npv_per_participant[.ACTOR], net (every "
                   "year, total), net.ACTOR, net.ACTOR.YEAR, all. Repeat or separate by commas.")
@click.option("--n", "n", default=None, metavar="N",
              help="sobol: base sample, a power of two (default 4096) or 'auto' (double until the intervals "
                   "are narrow); morris: trajectories (100); given-data: draws (10,000; delta 1,000; hdmr 2,000).")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=1, show_default=True)
@click.option("--second-order", is_flag=True, help="sobol: also second-order indices.")
@click.option("--groups/--no-groups", default=True, show_default=True, help="sobol: also indices of the groups.")
@click.option("--resamples", type=click.IntRange(2, 100_000), default=None,
              help="Bootstrap resamples for the intervals (default 100; delta and hdmr 20).")
@click.option("--conf-level", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True)
@click.option("--tolerance", type=click.FloatRange(0.001, 1.0), default=0.1, show_default=True,
              help="sobol: an interval is narrow when its half-width ≤ max(TOL·index, TOL/10).")
@click.option("--levels", type=int, default=4, show_default=True, help="morris: levels (even).")
@click.option("--quantiles", "probs", default="0.05,0.95", show_default=True, metavar="LOW,HIGH",
              help="oat: the tornado's low and high quantiles; morris: the range the levels span.")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LOW:HIGH",
              help="oat: a user range for an input (also a fixed one, e.g. success_rate=0.1:0.4); repeatable.")
@click.option("--json", "json_path", default=None, metavar="PATH",
              help="Write the results as JSON to PATH ('-' for stdout).")
@click.option("--threads", type=click.IntRange(1, 256), default=None, help="Threads for the kernel.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Evaluate on a local Dask cluster with N workers (needs the [dask] extra; not for oat).")
@click.option("--scheduler", default=None, help="Evaluate on an existing Dask scheduler at ADDRESS (not for oat).")
@click.option("--lang", type=click.Choice(["da", "en"]), default="en", show_default=True,
              help="Number format of the tables.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def sensitivity(scenario, method, outputs, n, seed, second_order, groups, resamples, conf_level, tolerance, levels,
                probs, ranges, json_path, threads, workers, scheduler, lang, progress):
    """Which inputs of SCENARIO drive the spread of its results."""
    from somsim.sensitivity import core as S
    from somsim._io import dumps_json, write_json
    from somsim.scenario.loader import load_scenario

    nn = _parse_n(n, method)
    pr = _parse_probs(probs)
    rg = _parse_ranges(ranges)
    _only(method, "sobol", second_order=second_order, groups=not groups)
    _only(method, "oat", range=bool(rg))
    _only(method, "morris", levels=levels != 4)
    if workers and scheduler:
        raise UsageError("give --workers or --scheduler, not both")
    if method == "oat" and (workers or scheduler):
        raise UsageError("--method oat evaluates two rows per input: it runs in-process (drop --workers/--scheduler)")
    cluster = {"workers": workers, "scheduler": scheduler}
    if method == "oat" and nn is not None:
        raise UsageError("--n does not apply to --method oat (it evaluates 2 rows per input)")
    sc = load_scenario(scenario)
    _print_warnings(sc)
    out = list(outputs) or None
    S.resolve_outputs(sc, out)  # bad outputs are refused before anything runs
    show = progress if progress is not None else sys.stderr.isatty()
    with progress_bar(show, "evaluations") as cb:
        if method == "sobol":
            res = S.sobol(sc, n=4096 if nn is None else nn, outputs=out, seed=seed, second_order=second_order,
                          groups=groups, num_resamples=resamples or 100, conf_level=conf_level, tolerance=tolerance,
                          threads=threads, progress=cb, **cluster)
        elif method == "morris":
            res = S.morris(sc, trajectories=100 if nn is None else nn, levels=levels, outputs=out, seed=seed,
                           num_resamples=resamples or 100, conf_level=conf_level, probs=pr, threads=threads,
                           progress=cb, **cluster)
        elif method == "oat":
            res = S.oat(sc, outputs=out, probs=pr, ranges=rg, threads=threads)
        else:
            res = S.given_data(sc, method, draws=nn, outputs=out, seed=seed, num_resamples=resamples,
                               conf_level=conf_level, threads=threads, progress=cb, **cluster)
    doc = res.to_dict()
    to_stdout = json_path == "-"
    if json_path is not None and not to_stdout:
        write_json(json_path, doc)
    from somsim.present.sensitivity_tables import render

    render(_console(err=to_stdout), sc, doc, lang, _MATRIX_KEY[method])
    if to_stdout:
        sys.stdout.write(dumps_json(doc))


def _only(method: str, allowed: str, **given) -> None:
    for opt, used in given.items():
        if used and method != allowed:
            flag = {"groups": "--no-groups", "second_order": "--second-order", "range": "--range",
                    "levels": "--levels"}[opt]
            raise UsageError(f"{flag} applies to --method {allowed} only (got --method {method})")


