"""The report's tables for Excel and for scripts: :func:`write_xlsx` and :func:`write_csv`.

Both take a scenario and its summary document (``summary.json`` as a dict) and write the same
numbers: the summary by actor, the result year by year with its bands, the gains by activity, the
inputs with their distributions and sources, the consequence profiles, and the provenance.

* The workbook is for people: Danish (default) or English labels, kroner as ``#,##0 "kr."`` (Excel
  shows the thousands separator of the reader's locale: 4.400.000 kr. in a Danish Excel), shares as
  percentages, frozen header rows, filters, column widths, wrapped text for sources and notes.
* The CSV files are for scripts: UTF-8, comma-separated, a header of English snake_case names, full
  precision numbers with a decimal point, empty cells for missing values.

Every file is written atomically (a temporary file beside the target, then renamed).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from pathlib import Path
from typing import Any

from somsim.present import tables as TB
from somsim._io import write_text, write_with
from somsim.scenario.loader import Scenario

__all__ = ["write_csv", "write_xlsx"]

KR = '#,##0 "kr."'
KR_DEC = '#,##0.00 "kr."'
PCT = "0.0%"
INT = "0"

_L = {
    "da": {
        "sheets": {"summary": "Resumé", "by_year": "År for år", "activities": "Aktiviteter", "inputs": "Input",
                   "consequences": "Konsekvenser", "about": "Om"},
        "facts": "{id} · {n} deltagere · {h} års horisont · {y}-priser",
        "summary_rows": [
            ("gains_pv", "Gevinster (nutidsværdi, basis)", KR),
            ("costs_pv", "Omkostninger (nutidsværdi, basis)", KR),
            ("npv", "Nettonutidsværdi (basis)", KR),
            ("npv_per_participant", "Nettonutidsværdi pr. deltager (basis)", KR),
            ("break_even_year", "Tjent hjem, år (basis)", INT),
            ("npv_mean", "Nettonutidsværdi, middelværdi", KR),
            ("npv_sd", "Nettonutidsværdi, standardafvigelse", KR),
            ("npv_mcse", "Monte Carlo-fejl på middelværdien", KR),
            ("npv_p05", "Nettonutidsværdi, 5 %-fraktil", KR),
            ("npv_p25", "Nettonutidsværdi, 25 %-fraktil", KR),
            ("npv_p50", "Nettonutidsværdi, median", KR),
            ("npv_p75", "Nettonutidsværdi, 75 %-fraktil", KR),
            ("npv_p95", "Nettonutidsværdi, 95 %-fraktil", KR),
            ("prob_positive", "Sandsynlighed for et positivt resultat", PCT),
            ("per_participant_mean", "Pr. deltager, middelværdi", KR),
            ("per_participant_p05", "Pr. deltager, 5 %-fraktil", KR),
            ("per_participant_p50", "Pr. deltager, median", KR),
            ("per_participant_p95", "Pr. deltager, 95 %-fraktil", KR),
            ("prob_break_even_by_end", "Sandsynlighed for at være tjent hjem inden for horisonten", PCT),
        ],
        "measure": "Mål",
        "by_year": [("actor", "Aktør", None), ("year", "År", INT), ("gains", "Gevinster i året (basis)", KR),
                    ("costs", "Omkostninger i året (basis)", KR), ("net", "Netto i året (basis)", KR),
                    ("cumulative_npv", "Kumuleret nettonutidsværdi (basis)", KR),
                    ("cumulative_npv_mean", "Kumuleret NNV, middelværdi", KR),
                    ("cumulative_npv_p05", "Kumuleret NNV, 5 %", KR), ("cumulative_npv_p25", "Kumuleret NNV, 25 %", KR),
                    ("cumulative_npv_p50", "Kumuleret NNV, 50 %", KR), ("cumulative_npv_p75", "Kumuleret NNV, 75 %", KR),
                    ("cumulative_npv_p95", "Kumuleret NNV, 95 %", KR),
                    ("prob_break_even", "Sandsynlighed for at være tjent hjem senest i året", PCT)],
        "activities": [("activity", "Aktivitet", None), ("title", "Titel", None), ("domain", "Område", None),
                       ("unit", "Enhed", None), ("kind", "Art", None), ("gains_total", "Gevinst i alt (NV, basis)", KR),
                       ("gains_kommune", "Kommune", KR), ("gains_region", "Region", KR), ("gains_stat", "Stat", KR),
                       ("source", "Kilde", None), ("note", "Note", None)],
        "inputs": [("name", "Input", None), ("label", "Beskrivelse", None), ("group", "Gruppe", None),
                   ("uncertain", "Usikker", None), ("distribution", "Fordeling", None), ("point", "Punktværdi", None),
                   ("p05", "5 %-fraktil", None), ("p95", "95 %-fraktil", None), ("source", "Kilde", None),
                   ("note", "Note", None)],
        "consequences": [("activity", "Aktivitet", None), ("tau", "År efter succes", INT),
                         ("per_success", "Ændring pr. succesfuld deltager", None), ("se", "Standardfejl", None)],
        "yes": "ja", "no": "nej", "key": "Felt", "value": "Værdi",
        "about": {"title": "Titel", "id": "Scenarie-id", "file": "Scenariefil", "sha256": "Scenariets SHA-256",
                  "version": "somsim-version", "numpy": "numpy-version", "seed": "Seed", "draws": "Træk",
                  "sampler": "Stikprøvemetode", "band_draws": "Træk bag årsbåndene", "price_year": "Prisår",
                  "horizon": "Horisont (år)", "participants": "Deltagere", "discount": "Diskonteringsrente",
                  "created": "Oprettet", "schema": "Skema", "note": "Bemærk"},
        "about_note": "Beløb i kr. i faste priser; nutidsværdier er diskonteret til år 0 (første driftsår).",
    },
    "en": {
        "sheets": {"summary": "Summary", "by_year": "By year", "activities": "Activities", "inputs": "Inputs",
                   "consequences": "Consequences", "about": "About"},
        "facts": "{id} · {n} participants · {h}-year horizon · {y} prices",
        "summary_rows": [
            ("gains_pv", "Gains (present value, base case)", KR),
            ("costs_pv", "Costs (present value, base case)", KR),
            ("npv", "Net present value (base case)", KR),
            ("npv_per_participant", "Net present value per participant (base case)", KR),
            ("break_even_year", "Pays back, year (base case)", INT),
            ("npv_mean", "Net present value, mean", KR),
            ("npv_sd", "Net present value, standard deviation", KR),
            ("npv_mcse", "Monte Carlo error of the mean", KR),
            ("npv_p05", "Net present value, 5th percentile", KR),
            ("npv_p25", "Net present value, 25th percentile", KR),
            ("npv_p50", "Net present value, median", KR),
            ("npv_p75", "Net present value, 75th percentile", KR),
            ("npv_p95", "Net present value, 95th percentile", KR),
            ("prob_positive", "Chance of a positive result", PCT),
            ("per_participant_mean", "Per participant, mean", KR),
            ("per_participant_p05", "Per participant, 5th percentile", KR),
            ("per_participant_p50", "Per participant, median", KR),
            ("per_participant_p95", "Per participant, 95th percentile", KR),
            ("prob_break_even_by_end", "Chance of paying back within the horizon", PCT),
        ],
        "measure": "Measure",
        "by_year": [("actor", "Actor", None), ("year", "Year", INT), ("gains", "Gains in the year (base)", KR),
                    ("costs", "Costs in the year (base)", KR), ("net", "Net in the year (base)", KR),
                    ("cumulative_npv", "Cumulative net present value (base)", KR),
                    ("cumulative_npv_mean", "Cumulative NPV, mean", KR),
                    ("cumulative_npv_p05", "Cumulative NPV, 5%", KR), ("cumulative_npv_p25", "Cumulative NPV, 25%", KR),
                    ("cumulative_npv_p50", "Cumulative NPV, 50%", KR), ("cumulative_npv_p75", "Cumulative NPV, 75%", KR),
                    ("cumulative_npv_p95", "Cumulative NPV, 95%", KR),
                    ("prob_break_even", "Chance of having paid back by the year", PCT)],
        "activities": [("activity", "Activity", None), ("title", "Title", None), ("domain", "Domain", None),
                       ("unit", "Unit", None), ("kind", "Kind", None), ("gains_total", "Gains, total (PV, base)", KR),
                       ("gains_kommune", "Kommune", KR), ("gains_region", "Region", KR), ("gains_stat", "Stat", KR),
                       ("source", "Source", None), ("note", "Note", None)],
        "inputs": [("name", "Input", None), ("label", "Description", None), ("group", "Group", None),
                   ("uncertain", "Uncertain", None), ("distribution", "Distribution", None),
                   ("point", "Point value", None), ("p05", "5th percentile", None), ("p95", "95th percentile", None),
                   ("source", "Source", None), ("note", "Note", None)],
        "consequences": [("activity", "Activity", None), ("tau", "Year after success", INT),
                         ("per_success", "Change per successful participant", None), ("se", "Standard error", None)],
        "yes": "yes", "no": "no", "key": "Field", "value": "Value",
        "about": {"title": "Title", "id": "Scenario id", "file": "Scenario file", "sha256": "Scenario SHA-256",
                  "version": "somsim version", "numpy": "numpy version", "seed": "Seed", "draws": "Draws",
                  "sampler": "Sampler", "band_draws": "Draws behind the yearly bands", "price_year": "Price year",
                  "horizon": "Horizon (years)", "participants": "Participants", "discount": "Discount rate",
                  "created": "Created", "schema": "Schema", "note": "Note"},
        "about_note": "Amounts in DKK in fixed prices; present values are discounted to year 0 (the first year of "
                      "operation).",
    },
}


# -- rows shared by both formats -------------------------------------------------------------

def _activity_rows(sc: Scenario, doc: dict, lang: str) -> list[dict[str, Any]]:
    out = []
    for r in TB.activity_rows(sc, doc, lang):
        out.append({"activity": r["activity"], "title": r["title"], "domain": r["domain"], "unit": r["unit"],
                    "kind": r["kind"], **{f"gains_{a}": r["gains_pv"][a] for a in TB.ORDER},
                    "source": r["source"], "note": r["note"]})
    return out


def _consequence_rows(sc: Scenario) -> list[dict[str, Any]]:
    out = []
    for c in sc.consequences:
        for i, q in enumerate(c.per_success):
            out.append({"activity": c.activity.key, "tau": i + 1, "per_success": q,
                        "se": c.se[i] if c.se else None})
    return out


def _about(sc: Scenario, doc: dict) -> list[tuple[str, Any]]:
    prov = doc.get("provenance") or {}
    return [("title", sc.title), ("id", sc.id), ("file", Path(sc.path).name), ("sha256", sc.sha256),
            ("version", doc.get("somsim_version")), ("numpy", prov.get("numpy_version")),
            ("seed", doc.get("seed")), ("draws", doc.get("draws")), ("sampler", doc.get("sampler")),
            ("band_draws", TB.band_draws(doc)), ("price_year", sc.price_year), ("horizon", sc.horizon),
            ("participants", sc.participants), ("discount", sc.discount_rate.describe()),
            ("created", _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("schema", doc.get("schema"))]


# -- Excel -----------------------------------------------------------------------------------

def write_xlsx(path: str | Path, sc: Scenario, doc: dict, *, lang: str = "da") -> None:
    """Write the tables to an Excel workbook at `path` (atomically)."""
    wb = workbook(sc, doc, lang=lang)
    write_with(path, lambda tmp: wb.save(tmp), suffix=".xlsx")


def workbook(sc: Scenario, doc: dict, *, lang: str = "da"):
    """The openpyxl Workbook of :func:`write_xlsx` (not saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    if lang not in _L:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    L = _L[lang]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="E8EEF4")
    head_border = Border(bottom=Side(style="thin", color="404040"))
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def header(ws, row: int, labels: list[str]) -> None:
        for j, text in enumerate(labels, start=1):
            c = ws.cell(row=row, column=j, value=text)
            c.font, c.fill, c.border = bold, head_fill, head_border
            c.alignment = Alignment(wrap_text=True, vertical="bottom")

    def widths(ws, spec: dict[int, float]) -> None:
        for j, w in spec.items():
            ws.column_dimensions[get_column_letter(j)].width = w

    def table(ws, cols, rows: list[dict], first_row: int = 1, wide: tuple[str, ...] = ("source", "note")) -> None:
        header(ws, first_row, [c[1] for c in cols])
        for i, r in enumerate(rows, start=first_row + 1):
            for j, (key, _, fmt) in enumerate(cols, start=1):
                v = r.get(key)
                c = ws.cell(row=i, column=j, value=v)
                if fmt and isinstance(v, (int, float)) and not isinstance(v, bool):
                    c.number_format = fmt
                elif fmt is None and TB.finite(v):
                    c.number_format = "#,##0" if abs(v) >= 1000 and float(v).is_integer() else "General"
                c.alignment = wrap if key in wide else top
        ws.freeze_panes = ws.cell(row=first_row + 1, column=2)
        if rows:
            last = get_column_letter(len(cols))
            ws.auto_filter.ref = f"A{first_row}:{last}{first_row + len(rows)}"
        spec = {}
        for j, (key, label, fmt) in enumerate(cols, start=1):
            if key in wide:
                spec[j] = 60
            else:
                longest = max([len(str(label))] + [len(_shown(r.get(key), fmt)) for r in rows[:500]])
                spec[j] = min(48, max(9, longest + 3))
        widths(ws, spec)

    wb = Workbook()
    # 1. summary: measures down, actors across, as in SØM's own tables
    ws = wb.active
    ws.title = L["sheets"]["summary"]
    ws["A1"] = sc.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = L["facts"].format(id=sc.id, n=sc.participants, h=sc.horizon, y=sc.price_year)
    from somsim.present.headline import headline_sentence

    ws["A3"] = headline_sentence(doc, "total", lang, numbers=lang)
    ws["A3"].alignment = Alignment(wrap_text=False)
    hr = 5
    header(ws, hr, [L["measure"]] + [TB.actor_label(a, lang) for a in TB.ORDER])
    rows = {r["actor"]: r for r in TB.summary_rows(doc)}
    i = hr + 1
    for key, label, fmt in L["summary_rows"]:
        if key not in rows["total"]:
            continue
        ws.cell(row=i, column=1, value=label)
        for j, a in enumerate(TB.ORDER, start=2):
            c = ws.cell(row=i, column=j, value=rows[a][key])
            c.number_format = fmt
        if key in ("npv", "npv_mean"):
            for j in range(1, 6):
                ws.cell(row=i, column=j).font = bold
        i += 1
    ws.freeze_panes = ws.cell(row=hr + 1, column=2)
    widths(ws, {1: 58, 2: 18, 3: 18, 4: 18, 5: 18})

    # 2. by year, long format (actor, year) with filters
    ws = wb.create_sheet(L["sheets"]["by_year"])
    cols = [c for c in L["by_year"]]
    yrows = []
    for a in TB.ORDER:
        for r in TB.by_year_rows(doc, a):
            yrows.append({**r, "actor": TB.actor_label(a, lang)})
    cols = [c for c in cols if any(c[0] in r for r in yrows)]
    table(ws, cols, yrows)

    # 3. gains by activity
    ws = wb.create_sheet(L["sheets"]["activities"])
    table(ws, L["activities"], _activity_rows(sc, doc, lang))

    # 4. inputs with distributions and sources
    ws = wb.create_sheet(L["sheets"]["inputs"])
    irows = [{**r, "uncertain": L["yes"] if r["uncertain"] else L["no"]} for r in TB.input_rows(sc, lang)]
    table(ws, L["inputs"], irows)

    # 5. consequence profiles
    ws = wb.create_sheet(L["sheets"]["consequences"])
    table(ws, L["consequences"], _consequence_rows(sc))

    # 6. provenance
    ws = wb.create_sheet(L["sheets"]["about"])
    header(ws, 1, [L["key"], L["value"]])
    for i, (k, v) in enumerate(_about(sc, doc) + [("note", L["about_note"])], start=2):
        ws.cell(row=i, column=1, value=L["about"][k])
        ws.cell(row=i, column=2, value=v).alignment = Alignment(horizontal="left")
    ws.freeze_panes = "A2"
    widths(ws, {1: 30, 2: 80})
    # the workbook holds values only: scenario text that starts with "=" (a title, a note, a source)
    # would otherwise be stored as a live formula by openpyxl
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f":
                    c.data_type = "s"
    return wb


def _shown(v, fmt) -> str:
    if v is None:
        return ""
    if fmt == KR and isinstance(v, (int, float)):
        return f"{v:,.0f} kr."
    if fmt == PCT and isinstance(v, (int, float)):
        return f"{100 * v:.1f}%"
    return str(v)


# -- CSV -------------------------------------------------------------------------------------

def _csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if r.get(c) is None else (repr(r[c]) if isinstance(r[c], float) else r[c]) for c in columns])
    return buf.getvalue()


def csv_tables(sc: Scenario, doc: dict) -> dict[str, str]:
    """{file name: CSV text} of :func:`write_csv`."""
    summary = TB.summary_rows(doc)
    cols = list(summary[0])
    by_year = [r for a in TB.ORDER for r in TB.by_year_rows(doc, a)]
    ycols = list(dict.fromkeys(k for r in by_year for k in r))
    inputs = TB.input_rows(sc, "en")
    icols = ["name", "label", "group", "uncertain", "distribution", "point", "p05", "p95", "source", "note"]
    acts = _activity_rows(sc, doc, "en")
    acols = ["activity", "title", "domain", "unit", "kind", *(f"gains_{a}" for a in TB.ORDER), "source", "note"]
    about = [{"key": k, "value": v} for k, v in _about(sc, doc)]
    return {
        "summary.csv": _csv_text(summary, cols),
        "by_year.csv": _csv_text(by_year, ycols),
        "activities.csv": _csv_text(acts, acols),
        "inputs.csv": _csv_text([{**r, "group": r["group_key"]} for r in inputs], icols),
        "consequences.csv": _csv_text(_consequence_rows(sc), ["activity", "tau", "per_success", "se"]),
        "about.csv": _csv_text(about, ["key", "value"]),
    }


def write_csv(directory: str | Path, sc: Scenario, doc: dict) -> None:
    """Write summary.csv, by_year.csv, activities.csv, inputs.csv, consequences.csv and about.csv into
    `directory` (created if missing), each atomically."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    for name, text in csv_tables(sc, doc).items():
        write_text(d / name, text)
