"""Build the report: run what is missing, assemble the context, render the template, write the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from somsim.present import tables as TB
from somsim.present.locale import LANGS
from somsim.present.report.context import report_context
from somsim.scenario.loader import Scenario

__all__ = ["build_report", "render", "summary_document", "write_report"]


def summary_document(sc: Scenario, result=None) -> dict:
    """summary.json of the base case and (when given) a probabilistic run, as `somsim run` writes it."""
    from somsim.model.reference import base_case
    from somsim.results import summary as S

    base = S.base_case_block(sc, base_case(sc))
    if result is None:
        return S.document(sc, base)
    return S.document(sc, base, seed=result.seed, draws=result.draws, sampler=result.sampler,
                      uncertainty=result.summary, extra=result.extra)


def _analyses(sc: Scenario, doc: dict, result, seed: int, run: bool, given: dict) -> dict[str, Any]:
    """Sensitivity and VOI results for the report: those given, else (when `run`) small runs."""
    out: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if not run:
        return out
    from somsim.present.report import analyses as RA

    for key, value in RA.compute(sc, doc, result=result, seed=seed, have=set(out)).items():
        out.setdefault(key, value)
    return out


def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("somsim.present", "templates"), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render(context: dict[str, Any]) -> str:
    """The HTML page of a :func:`~somsim.present.report.context.report_context`."""
    return _env().get_template("report.html.j2").render(**context)


def build_report(sc: Scenario, *, lang: str = "da", draws: int = 10_000, seed: int = 1, sampler: str = "random",
                 result=None, sensitivity: dict | None = None, tornado: dict | None = None,
                 sobol_by_year: dict | None = None, voi: dict | None = None, analyses: bool = True,
                 progress: Callable[[int, int], None] | None = None, created: str | None = None,
                 comparison=None, update=None, prior: Scenario | None = None) -> str:
    """The report of scenario `sc` as one HTML document (a string).

    Runs the base case and, unless `result` (a SimulationResult) is given or ``draws=0``,
    ``simulate(sc, draws=draws, seed=seed)`` (keeping the inputs of every draw when the VOI section
    needs them: a given `result` needs ``keep_draws=True`` for it). Sensitivity and VOI
    results can be passed in (the JSON shapes of ``somsim sensitivity`` / ``somsim voi``); with
    ``analyses=True`` missing ones are computed with small runs.

    With `comparison` (a :class:`somsim.decide.compare.Comparison` whose first option is `sc`) the
    report has a comparison section (P(best), expected loss, the difference bands, the EVPI of the
    choice and, with ``analyses=True`` and ≥ 1000 draws, its EVPPI per input). With `update` (the
    :class:`somsim.decide.update.Update` that made `sc` from the scenario `prior`) it has a "what the
    local data changed" section; `prior` is then run with the same draws, seed and sampler.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    if result is None and draws:
        from somsim.simulation.engine import simulate

        result = simulate(sc, draws=draws, seed=seed, sampler=sampler, keep_draws=analyses,
                          progress=progress)
    doc = summary_document(sc, result)
    plan_info = {"band_draws": TB.band_draws(doc)} if result is not None else {}
    npv = result.npv if result is not None else None
    found = _analyses(sc, doc, result, result.seed if result is not None else seed,
                      analyses and result is not None,
                      {"sobol": sensitivity, "tornado": tornado, "sobol_by_year": sobol_by_year, "voi": voi})
    decide = _decide_sections(sc, doc, result, lang, comparison, update, prior, analyses, progress)
    ctx = report_context(sc, doc, lang=lang, npv_draws=npv, analyses=found, plan_info=plan_info, created=created,
                         decide=decide)
    return render(ctx)


def _decide_sections(sc: Scenario, doc: dict, result, lang: str, comparison, update, prior: Scenario | None,
                     analyses: bool, progress) -> dict[str, Any]:
    """The comparison and local-data sections (:mod:`~somsim.present.report.decide`), or None for each."""
    from somsim.present.report import decide as RD

    out: dict[str, Any] = {"comparison": None, "local": None}
    if comparison is not None:
        from somsim._vocab import OUTPUTS
        from somsim.decide import compare as C

        evppi = analyses and comparison.crn and comparison.draws >= C.MIN_EVPPI_DRAWS
        cdoc = C.document(comparison, evppi=evppi)
        a = OUTPUTS.index(comparison.perspective)
        diff = comparison.npv[:, 0, a] - comparison.npv[:, 1, a]
        labels = {n: f"{lab} · {n}" for n, lab in TB.input_labels(sc, lang).items()}
        out["comparison"] = RD.comparison_section(cdoc, diff, lang, labels=labels)
    if update is not None and update.inputs:
        prior_doc = None
        if prior is not None:
            prior_result = None
            if result is not None:
                from somsim.simulation.engine import simulate

                prior_result = simulate(prior, draws=result.draws, seed=result.seed, sampler=result.sampler,
                                        progress=progress)
            prior_doc = summary_document(prior, prior_result)
        out["local"] = RD.local_data_section(sc, update, prior_doc, doc, lang)
    return out


def write_report(path: str | Path, sc: Scenario, **kw) -> None:
    """Build the report (keywords of :func:`build_report`) and write it to `path` atomically (UTF-8)."""
    from somsim._io import write_text

    write_text(path, build_report(sc, **kw))
