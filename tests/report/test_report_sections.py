"""The sections of a report beyond the seats: disproportionality against the analysis library
and by hand, the seat-by-seat trace of a law's outcome, and the forensic tests and plots."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hemicycle
from hemicycle.analysis.disproportionality import disproportionality, list_votes
from hemicycle.cli.demo import example_file
from hemicycle.forensics import simulate
from hemicycle.forensics.report import ForensicReport, Stations, analyse
from hemicycle.io.results import read_results
from hemicycle.report.forensic_plots import figure_svg, fingerprint_figure
from hemicycle.report.forensic_section import forensic_sections
from hemicycle.report.html import render_html
from hemicycle.report.model import decimal_text, disproportionality_sections
from hemicycle.report.outcome import OutcomeInputs, build_outcome_report, outcome_record

SVG = "{http://www.w3.org/2000/svg}"


def test_disproportionality_by_hand() -> None:
    """Votes 60/30/10, seats 7/3/0: every party is 10 points off or exactly right, so
    Loosemore-Hanby = ½(10 + 0 + 10) = 10, Gallagher = √(½(100 + 0 + 100)) = 10, Rae =
    20/3; effective parties 1/(.36 + .09 + .01) = 2.17 of votes, 1/(.49 + .09) = 1.72 of
    seats; A's advantage ratio .7/.6 = 7/6."""
    indices, ratios = disproportionality_sections({"A": 60, "B": 30, "C": 10}, {"A": 7, "B": 3})
    values = dict(indices.rows)
    assert values["Gallagher (least squares)"] == "10.0000"
    assert values["Loosemore–Hanby"] == "10.0000"
    assert values["Rae"] == "6.6667"
    assert values["effective number of parties, votes"] == "2.17"
    assert values["effective number of parties, seats"] == "1.72"
    assert ratios.rows == (
        ("A", "60.00%", "70.00%", "1.1667"),
        ("B", "30.00%", "30.00%", "1.0000"),
        ("C", "10.00%", "0.00%", "0.0000"),
    )


def test_seats_without_votes_leave_two_indices_undefined() -> None:
    indices, ratios = disproportionality_sections({"A": 90, "B": 10}, {"A": 4, "Independent": 1})
    values = dict(indices.rows)
    assert values["Sainte-Laguë"].startswith("undefined")
    assert values["D'Hondt (largest advantage ratio)"].startswith("undefined")
    assert ("Independent", "0.00%", "20.00%", "–") in ratios.rows
    assert disproportionality_sections({"A": 0}, {"A": 0}) == ()


@settings(max_examples=60, deadline=None)
@given(
    votes=st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 10**7), min_size=2),
    seats=st.integers(1, 600),
    method=st.sampled_from(["dhondt", "sainte_lague", "hare"]),
)
def test_disproportionality_sections_show_the_library_values(
    votes: dict[str, int], seats: int, method: str
) -> None:
    if not sum(votes.values()):
        return
    try:
        allocated = dict(hemicycle.apportion(votes, seats, method=method, tie_break="lot:1").seats)
    except hemicycle.HemicycleError:
        return  # a method that cannot allocate these votes (all zero after a threshold)
    indices, ratios = disproportionality_sections(votes, allocated)
    exact = disproportionality(votes, allocated)
    values = dict(indices.rows)
    assert values["Gallagher (least squares)"] == decimal_text(exact.gallagher)
    assert values["Loosemore–Hanby"] == decimal_text(exact.loosemore_hanby)
    assert values["effective number of parties, seats"] == decimal_text(exact.effective_seats, 2)
    shown = {row[0]: row[3] for row in ratios.rows}
    for party in exact.parties:
        if party.votes or party.seats:
            assert shown[party.name] == decimal_text(party.advantage)
    assert exact.loosemore_hanby >= 0
    assert Fraction(sum(allocated.values())) == seats


@pytest.fixture(scope="module")
def iraq_report_html() -> str:
    results = example_file("iraq_2025_results.csv")
    outcome = hemicycle.tabulate("iraq-2023", str(results), partial=True)
    report = build_outcome_report(
        outcome_record(outcome),
        OutcomeInputs(law_id="iraq-2023", law_sha256=None, input_hashes={}, version="test"),
        votes=list_votes(read_results(str(results))),
    )
    return render_html(report)


def test_outcome_report_traces_every_seat_in_plain_language(iraq_report_html: str) -> None:
    """The Iraq 2025 example under Law 4/2023 (modified Sainte-Laguë, first divisor 1.7): PUK's
    241,143 votes in Sulaymaniyah give the first quotient 241143/1.7 = 2411430/17."""
    html = iraq_report_html
    assert "<li>Seat 1 of Sulaymaniyah: PUK, quotient 2411430/17 ≈ 141,848.8235</li>" in html
    assert "<li>Seat 2 of Sulaymaniyah: PUK, quotient 80,381</li>" in html
    seats = hemicycle.tabulate(
        "iraq-2023", str(example_file("iraq_2025_results.csv")), partial=True
    ).total_seats
    assert html.count("<li>Seat ") == seats


def test_outcome_report_shows_disproportionality(iraq_report_html: str) -> None:
    results = example_file("iraq_2025_results.csv")
    outcome = hemicycle.tabulate("iraq-2023", str(results), partial=True)
    votes = list_votes(read_results(str(results)))
    exact = disproportionality({**dict.fromkeys(outcome.seats, 0), **votes}, outcome.seats)
    assert "<h2>Disproportionality</h2>" in iraq_report_html
    assert f"<td>{decimal_text(exact.gallagher)}</td>" in iraq_report_html
    assert "<h2>Advantage ratios</h2>" in iraq_report_html


def _stations(planted: bool, n: int = 900) -> Stations:
    """Clean simulated stations in three regions; with ``planted``, a third of the stations
    of R01 have their turnout and leader's share rounded to whole percentages."""
    clean = simulate.clean_stations(n, seed=3, regions=3)
    rounded = simulate.plant_integer_percentages(clean, 0.3, seed=4)
    here = (clean.regions == "R01") & planted

    def pick(fraud: npt.NDArray[np.int64], honest: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.where(here if fraud.ndim == 1 else here[:, None], fraud, honest)

    return Stations(
        units=np.array([f"S{i}" for i in range(n)], dtype=object),
        regions=clean.regions,
        lists=("A", "B", "C", "D"),
        votes=pick(rounded.votes, clean.votes),
        leader=0,
        registered=clean.registered,
        issued=pick(rounded.issued, clean.issued),
        cast=pick(rounded.cast, clean.cast),
        valid=pick(rounded.valid, clean.valid),
        invalid=pick(rounded.invalid, clean.invalid),
    )


@pytest.fixture(scope="module")
def planted() -> tuple[ForensicReport, Stations]:
    stations = _stations(planted=True)
    return analyse(stations, repetitions=99, seed=1, fit_model=False), stations


def test_forensic_sections_show_the_tests_and_flag_the_region(
    planted: tuple[ForensicReport, Stations],
) -> None:
    found, stations = planted
    sections = {s.title: s for s in forensic_sections(found, stations)}
    assert list(sections) == [
        "Election forensics",
        "Integer percentages",
        "Digit tests",
        "Regions flagged",
        "Forensic plots",
    ]
    integer = found.integer
    assert integer is not None
    assert [row[1] for row in sections["Integer percentages"].rows] == [
        f"{n:,}" for n in integer.observed
    ]
    assert [row[4] for row in sections["Integer percentages"].rows] == [
        f"{p:.3g}" for p in integer.p_values
    ]
    flagged = [(r.region, r.test) for r in found.regions if r.rejected]
    assert ("R01", "integer_percentages") in flagged
    assert [(row[0], row[1]) for row in sections["Regions flagged"].rows] == sorted(
        flagged, key=lambda f: next(r.adjusted for r in found.regions if (r.region, r.test) == f)
    )
    digits = sections["Digit tests"].rows
    assert len(digits) == sum(t.applicable for tests in found.digit_tests.values() for t in tests)
    applicable = [t for tests in found.digit_tests.values() for t in tests if t.applicable]
    assert [row[4] for row in digits] == [f"{t.p_value:.3g}" for t in applicable]


def test_clean_stations_flag_no_region() -> None:
    stations = _stations(planted=False, n=600)
    found = analyse(stations, repetitions=99, seed=1, fit_model=False)
    (regions,) = [s for s in forensic_sections(found, stations) if s.title == "Regions flagged"]
    assert regions.rows == ()
    assert regions.note.startswith(f"0 of {len(found.regions)} region tests rejected")


def test_forensic_plots_are_inline_svg(planted: tuple[ForensicReport, Stations]) -> None:
    found, stations = planted
    (plots,) = [s for s in forensic_sections(found, stations) if s.figures]
    leader_plots = sum(
        1 for t in found.digit_tests["A"] if t.applicable and t.observed and len(t.observed) > 1
    )
    assert len(plots.figures) == 2 + leader_plots  # fingerprint, integer percentages, digits
    for figure in plots.figures:
        assert ET.fromstring(figure).tag == f"{SVG}svg"
        assert "<script" not in figure
    assert forensic_sections(found, stations, plots=False)[-1].title == "Regions flagged"


def test_figures_render_the_same_markup_twice(planted: tuple[ForensicReport, Stations]) -> None:
    found, _ = planted
    assert found.fingerprint is not None
    first = figure_svg(fingerprint_figure(found.fingerprint))
    assert figure_svg(fingerprint_figure(found.fingerprint)) == first
