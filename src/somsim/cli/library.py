"""`somsim library`: list, search and show the activities of a bundled library (``somsim:dk-activities``)."""

from __future__ import annotations

import click

from somsim.cli.common import console
from somsim.cli.options import Command, lang_option
from somsim.errors import UsageError
from somsim.present.locale import strings


def _prices(e, lang: str) -> str:
    from somsim._text import kr

    return "; ".join(f"{a} {kr(d.point, lang, compact=False)}" for a, d in e.price.items()) or "0"


def _table(cat, entries, lang: str):
    from rich.table import Table

    L = strings(lang).LIBRARY
    t = Table(title=L["found"].format(n=len(entries), total=len(cat.entries), lib=cat.name), title_justify="left")
    for c in ("key", "title", "domain", "unit", "year", "prices"):
        # the key is what a scenario names: never cut or folded; the other columns wrap at spaces
        t.add_column(L[c], no_wrap=c == "key", min_width=max((len(e.key) for e in entries), default=4)
                     if c == "key" else None, overflow="ellipsis" if c == "key" else "fold")
    for e in entries:
        t.add_row(e.key, e.title, e.domain, e.unit, str(e.price_year), _prices(e, lang))
    return t


#: the command's help (click keeps the lines of a paragraph that follows a line holding only ``\b``)
HELP = ("List, search or show the activities of a bundled library.\n\n\b\n"
        "somsim library list                  every activity, with its prices\n"
        "somsim library search anbringelse    activities matching every word (æ/ø/å = ae/oe/aa)\n"
        "somsim library show straffesag_dom   one activity in full: prices, source, note")


@click.command(cls=Command, help=HELP)
@click.argument("action", type=click.Choice(["list", "search", "show"]), default="list")
@click.argument("words", nargs=-1)
@click.option("--name", "name", default="dk-activities", show_default=True,
              help="The bundled library (somsim:NAME).")
@lang_option()
def library(action: str, words: tuple[str, ...], name: str, lang: str) -> None:
    """List, search or show the activities of a bundled library (the help is :data:`HELP`)."""
    from rich.markup import escape

    from somsim.scenario.catalog import catalogue, search

    cat = catalogue(name)
    L = strings(lang).LIBRARY
    con = console()
    if action == "list":
        con.print(_table(cat, list(cat.entries), lang))
        from somsim.present.report.format import value

        years = ", ".join(f"{y}: {value(v, lang)}" + (f" ({L['assumed']})" if y in cat.index_notes else "")
                          for y, v in cat.price_index.items())
        con.print(escape(L["index"].format(years=years)))
    elif action == "search":
        if not words:
            raise UsageError(L["need_words"])
        hits = search(cat, list(words))
        if not hits:
            con.print(escape(L["none"].format(lib=cat.name, words=" ".join(words))))
        else:
            con.print(_table(cat, hits, lang))
    else:
        if len(words) != 1:
            raise UsageError(L["need_key"])
        _show(cat, words[0], lang, con)
    con.print(escape(L["use"].format(lib=cat.name)))


def _show(cat, key: str, lang: str, con) -> None:
    from rich.markup import escape

    from somsim._text import did_you_mean
    from somsim.present.locale import strings
    from somsim.present.report.format import dist_text

    L = strings(lang).LIBRARY
    e = next((x for x in cat.entries if x.key == key), None)
    if e is None:
        raise UsageError(L["no_key"].format(key=key, lib=cat.name)
                         + did_you_mean(key, [x.key for x in cat.entries], lang))
    rows = [(L["key"], e.key), (L["title"], e.title), (L["domain"], e.domain), (L["unit"], e.unit),
            (L["kind"], strings(lang).KIND.get(e.kind, e.kind)),
            (L["year"], str(e.price_year)), (L["indexed"], L["yes"] if e.indexed else L["no"]),
            (L["prices"], _prices(e, lang)),
            *((f"  {a}", dist_text(d.family, d.given, lang)) for a, d in e.price.items()),
            (L["source"], e.source), (L["note"], " ".join(e.note.split()))]
    for k, v in rows:
        con.print(f"[bold]{escape(k)}[/bold]: {escape(v)}")
