"""The HTML report and its PDF print."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hemicycle import apportion
from hemicycle.report.html import render_html
from hemicycle.report.model import Source, allocation_record, build_report, record_sha256
from hemicycle.report.pdf import ChromiumNotFoundError, find_chromium, print_pdf

VOTES = {"Sadrist": 300000, "State of Law": 200000, "<Taqaddum & co>": 120000, "Azm": 9000}


def report_html() -> tuple[str, dict[str, object]]:
    result = apportion(
        VOTES, 40, method="modified_sainte_lague", first_divisor="1.7", threshold="2%"
    )
    record = allocation_record(result)
    report = build_report(
        record,
        title="Test governorate",
        inputs=[Source(name="votes.csv", sha256="ab" * 32)],
        parameters={"method": "modified_sainte_lague", "seats": 40, "tie_break": "lot:42"},
        version="0.1.0",
    )
    return render_html(report), record


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seats: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and "data-list" in found:
            self.seats[str(found["data-list"])] = int(str(found["data-seats"]))


def test_report_tables_match_the_allocation() -> None:
    html, record = report_html()
    rows = _Rows()
    rows.feed(html)
    assert rows.seats == record["seats"]
    assert "Azm (below threshold)" in html
    assert "&lt;Taqaddum &amp; co&gt;" in html  # names are escaped, never interpreted
    assert "<Taqaddum" not in html


def test_report_trace_and_provenance() -> None:
    html, record = report_html()
    assert "Seat 1: Sadrist, quotient 3000000/17 ≈ 176,470.5882" in html
    assert "Azm (9000 of 629000 votes) is below the threshold of 2% of the valid votes" in html
    seat_lines = re.findall(r"<li>Seat (\d+): ", html)
    assert [int(n) for n in seat_lines] == list(range(1, 41))
    assert record_sha256(record) in html
    assert "ab" * 32 in html
    assert "lot:42" in html  # the seed of the drawing of lots
    assert 'data-total="40"' in html


def test_missing_chromium_gives_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEMICYCLE_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(ChromiumNotFoundError, match=r"apt-get install chromium"):
        find_chromium()
    with pytest.raises(ChromiumNotFoundError, match="/nowhere/chrome"):
        print_pdf("<p>x</p>", "out.pdf", chromium="/nowhere/chrome")


@pytest.mark.browser
def test_pdf_is_printed_by_chromium(tmp_path: Path) -> None:
    if shutil.which("/usr/bin/chromium") is None:
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    html, _ = report_html()
    target = print_pdf(html, tmp_path / "report.pdf")
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 5000
