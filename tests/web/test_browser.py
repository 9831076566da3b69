"""A real browser (Debian's Chromium driven by playwright): log in, upload, allocate, check
the diagram's seats per list, download the report; then upload tidy results, count them under
a preset law and check the diagram's seats per list. Screenshots go to test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from server import Server
from web_helpers import PASSWORD, VOTES_CSV

import hemicycle
from hemicycle import apportion
from hemicycle.cli.demo import example_file
from hemicycle.io import accounts
from hemicycle.web.services import open_database

CHROMIUM = "/usr/bin/chromium"
RESULTS = example_file("iraq_2025_results.csv")
COUNT_SEATS = """() => {
    const found = {};
    for (const seat of document.querySelectorAll('#diagram circle.seat')) {
        const name = seat.getAttribute('data-list');
        found[name] = (found[name] || 0) + 1;
    }
    return found;
}"""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run browser tests")
    db_path = tmp_path / "browser.duckdb"
    db = open_database(db_path)
    accounts.add_user(db, "editor", "editor", PASSWORD, actor="setup")
    db.close()
    running = Server(db_path)
    yield running
    running.stop()


def test_editor_uploads_allocates_counts_and_downloads_the_report(
    server: Server, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    upload = tmp_path / "baghdad.csv"
    upload.write_bytes(VOTES_CSV)
    votes = {"Sadrist": 301234, "State of Law": 198765, "Taqaddum": 121111, "Azm": 9000}
    expected = apportion(votes, 45, method="sainte_lague", threshold="2%").seats
    law_seats = hemicycle.tabulate("iraq-2023", str(RESULTS), partial=True).seats
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_context(
                accept_downloads=True, viewport={"width": 1100, "height": 900}
            ).new_page()
            page.goto(server.url + "/import")
            assert "/login" in page.url  # anonymous visitors are sent to log in
            page.fill("input[name=name]", "editor")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/import")
            assert page.text_content("#who") == "editor (editor)"
            page.fill("input[name=name]", "Baghdad (browser test)")
            page.set_input_files("input[name=file]", str(upload))
            page.screenshot(path=str(ARTIFACTS / "browser-1-import.png"))
            page.click("main button[type=submit]")
            page.wait_for_url("**/tables/*")
            page.select_option("select[name=method]", "sainte_lague")
            page.fill("input[name=seats]", "45")
            page.fill("input[name=threshold]", "2%")
            page.click("#run-form button[type=submit]")
            page.wait_for_url("**/runs/*")
            counts = page.evaluate(COUNT_SEATS)
            assert counts == {name: n for name, n in expected.items() if n}
            colours = page.evaluate(
                """() => [...document.querySelectorAll('#diagram g.list')].map(g => [
                    g.getAttribute('data-list'),
                    getComputedStyle(g.querySelector('circle') || g).fill,
                ])"""
            )
            assert len({colour for _, colour in colours}) == len(colours)
            page.screenshot(path=str(ARTIFACTS / "browser-2-outcome.png"), full_page=True)
            with page.expect_download() as download:
                page.click("#download-html")
            report = ARTIFACTS / "browser-report.html"
            download.value.save_as(str(report))
            text = report.read_text(encoding="utf-8")
            assert 'data-total="45"' in text
            for name, seats in expected.items():
                assert f'data-list="{name}" data-seats="{seats}"' in text
            report_page = browser.new_page()
            report_page.goto(report.as_uri())
            report_page.screenshot(path=str(ARTIFACTS / "browser-3-report.png"), full_page=True)
            # Tidy results counted under a preset law (iraq-2023, Law 4/2023).
            page.goto(server.url + "/import")
            page.fill("input[name=name]", "Iraq 2025")
            page.set_input_files("input[name=file]", str(RESULTS))
            page.click("#import-form button[type=submit]")
            page.wait_for_url("**/elections/*")
            page.select_option("select[name=preset]", "iraq-2023")
            page.click("#law-form button[type=submit]")
            page.wait_for_url("**/outcomes/*")
            assert page.evaluate(COUNT_SEATS) == {k: v for k, v in law_seats.items() if v}
            page.screenshot(path=str(ARTIFACTS / "browser-4-law-outcome.png"), full_page=True)
        finally:
            browser.close()
