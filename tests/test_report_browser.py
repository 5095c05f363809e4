"""The report as a user sees it: each bundled scenario, in Danish and English, opened from a file in a real
headless Chromium (the Debian package, installed by scripts/install-browser.sh).

Checks: the page shows the headline with its interval and probability; every image has loaded
(naturalWidth > 0); the screenshot is not blank; no console errors, page errors, dialogs or network
requests; hostile scenario text is shown as text and runs nothing; the page prints to PDF.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from somsim._text import kr_range, share

from .report_cases import SCENARIOS, case, hostile_text, html

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SOMSIM_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no headless Chromium at {CHROMIUM}: run `bash scripts/install-browser.sh` (Debian package "
                    "'chromium'), or set SOMSIM_CHROMIUM to a Chromium binary")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package 'playwright' is not installed: pip install -e '.[test]' (its own browser "
                    "download is not needed; the system Chromium is used)")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as e:  # noqa: BLE001 - a browser that does not start is an environment problem
            pytest.skip(f"Chromium at {CHROMIUM} does not start headless: {e}")
        yield b
        b.close()


def _open(browser, path: Path):
    """Open a report file as a user would; record everything that goes wrong."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: problems.append(f"request: {r.url}") if r.url != path.as_uri() else None)
    page.goto(path.as_uri(), wait_until="load")
    return page, problems


def _not_blank(png: bytes) -> None:
    from PIL import Image, ImageStat

    img = Image.open(io.BytesIO(png)).convert("L")
    stat = ImageStat.Stat(img)
    assert stat.stddev[0] > 10, "the screenshot is (nearly) one colour"
    hist = img.histogram()
    assert max(hist) < 0.97 * sum(hist), "the screenshot is nearly all one shade"


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_report_in_a_browser(browser, tmp_path, path, lang):
    sc, doc, _, _ = case(str(path), True)
    f = tmp_path / f"{sc.id}-{lang}.html"
    f.write_text(html(str(path), lang, True), encoding="utf-8")
    page, problems = _open(browser, f)
    try:
        head = page.inner_text("section.headline")
        u = doc["uncertainty"]["npv"]["total"]
        assert kr_range(u["p05"], u["p95"], lang) in head
        assert share(u["prob_positive"], lang) in head
        assert page.is_visible("section.headline")
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
        assert len(images) >= 5
        for complete, width, alt in images:
            assert complete and width > 0, f"image not loaded: {alt}"
        ids = page.evaluate("Array.from(document.querySelectorAll('figure')).map(f => f.id)")
        assert {"fig-fan-total", "fig-dist-total", "fig-breakeven", "fig-waterfall-total"} <= set(ids)
        _not_blank(page.screenshot(full_page=False))
        # every figure is on screen when scrolled to, and not blank either
        fig = page.locator("#fig-dist-total img")
        fig.scroll_into_view_if_needed()
        _not_blank(fig.screenshot())
        assert page.title() == sc.title
        assert problems == []
    finally:
        page.close()


def test_hostile_text_in_a_browser(browser, tmp_path):
    from somsim.present.report import build_report
    from somsim.scenario.loader import Scenario

    sc = Scenario.from_text(hostile_text(), "hostile.toml")
    f = tmp_path / "hostile.html"
    f.write_text(build_report(sc, draws=1000, lang="da", analyses=False), encoding="utf-8")
    page, problems = _open(browser, f)
    try:
        assert page.inner_text("h1") == sc.title  # shown as text, verbatim
        assert page.evaluate("document.querySelectorAll('script, b').length") == 0
        assert page.evaluate("document.images.length") >= 4
        assert problems == []
    finally:
        page.close()


def test_report_prints(browser, tmp_path):
    path = next(p for p in SCENARIOS if "cool-kids-2019" in p.name)
    f = tmp_path / "print.html"
    f.write_text(html(str(path), "da"), encoding="utf-8")
    page, problems = _open(browser, f)
    try:
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        assert pdf[:5] == b"%PDF-" and len(pdf) > 100_000
        assert problems == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_decision_sections_in_a_browser(browser, tmp_path, lang):
    """A report with local data and a comparison: both sections are shown, every image loads, nothing fails."""
    from somsim.decide.compare import compare
    from somsim.decide.update import apply
    from somsim.present.report import build_report
    from somsim.scenario.loader import Scenario, load_scenario

    path = next(p for p in SCENARIOS if "cool-kids-2019" in p.name)
    other = next(p for p in SCENARIOS if "ikast-brande" in p.name)
    text = path.read_text(encoding="utf-8") + '\n[[observation]]\ninput = "success_rate"\nk = 12\nn = 40\n'
    prior = Scenario.from_text(text, str(path))
    sc, upd = apply(prior)
    cmp = compare([sc, load_scenario(other)], draws=1000, seed=1, vs_nothing=True)
    f = tmp_path / f"decide-{lang}.html"
    f.write_text(build_report(sc, lang=lang, draws=1000, seed=1, analyses=False, comparison=cmp, update=upd,
                              prior=prior), encoding="utf-8")
    page, problems = _open(browser, f)
    try:
        for sid in ("local-data", "comparison"):
            assert page.is_visible(f"section#{sid} h2")
        assert page.locator("section#local-data table").count() == 2
        assert page.locator("section#comparison table").count() >= 2
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
        for complete, width, alt in images:
            assert complete and width > 0, f"image not loaded: {alt}"
        fig = page.locator("#fig-compare img")
        fig.scroll_into_view_if_needed()
        _not_blank(fig.screenshot())
        assert problems == []
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_committees_in_a_browser(browser, tmp_path, lang):
    """§6.5/§6.6: the committee section (names, NPVs, plot) and the base/mean/median sentence are on screen."""
    from somsim.present.notes import base_mean_median
    from somsim.present.report.format import kilo

    path = next(p for p in SCENARIOS if p.stem == "ungementor-fiktiv")
    sc, doc, _, _ = case(str(path))
    f = tmp_path / f"committees-{lang}.html"
    f.write_text(html(str(path), lang), encoding="utf-8")
    page, problems = _open(browser, f)
    try:
        sec = page.locator("section#committees")
        sec.scroll_into_view_if_needed()
        assert sec.is_visible()
        text = sec.inner_text()
        assert {"da": "Hvem betaler, hvem får gevinsten", "en": "Who pays, who gains"}[lang] in text
        for k in sc.committees.keys:
            assert k.split(":", 1)[1] in text
            assert kilo(doc["base_case"]["npv"][k], lang) in text
        bmm = base_mean_median(doc, sc.perspective, lang)
        assert bmm
        loc = page.locator("p.bmm").first
        assert loc.is_visible() and " ".join(loc.inner_text().split()) == " ".join(bmm.split())
        images = page.evaluate("Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt])")
        for complete, width, alt in images:
            assert complete and width > 0, f"image not loaded: {alt}"
        fig = page.locator("#fig-committees img")
        fig.scroll_into_view_if_needed()
        _not_blank(fig.screenshot())
        assert problems == []
    finally:
        page.close()
