"""Reserved seats and the left-right order in reports: derived from the outcome, drawn by
``hemicycle report`` for a law's outcome and a stored outcome.

The count is Law 12/2018 as amended by Law 4/2023 (preset ``iraq-2023``): in Muthanna, list A
wins 4 seats and owes a woman (Amal replaces A4), then B owes one (Buthaina replaces B3), as in
tests/law/test_iraq.py; Baghdad's Christian seat (art. 13) goes to the candidate with most votes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle import tabulate
from hemicycle.cli.app import app
from hemicycle.law import load
from hemicycle.law.outcome import HOW
from hemicycle.report.outcome import community_districts, reserved_seats

runner = CliRunner()

RESULTS = """district,list,candidate,votes
Muthanna,A,A1,9000
Muthanna,A,A2,8000
Muthanna,A,A3,7000
Muthanna,A,A4,6000
Muthanna,A,Amal,1000
Muthanna,A,A5,500
Muthanna,B,B1,8000
Muthanna,B,B2,6000
Muthanna,B,B3,5500
Muthanna,B,Buthaina,900
Baghdad (Christian),Babylon,Rayan,5000
Baghdad (Christian),Assyrian Democratic,Yonadam,4000
"""

GENDER = {"Amal": "F", "Buthaina": "F"}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    results = tmp_path / "results.csv"
    results.write_text(RESULTS, encoding="utf-8")
    lines = ["district,list,candidate,gender,rank"]
    ranks: dict[tuple[str, str], int] = {}
    for row in RESULTS.splitlines()[1:]:
        district, party, name, _ = row.split(",")
        ranks[(district, party)] = ranks.get((district, party), 0) + 1
        lines.append(f"{district},{party},{name},{GENDER.get(name, 'M')},{ranks[district, party]}")
    candidates = tmp_path / "candidates.csv"
    candidates.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results, candidates


def _ringed(html: str) -> dict[str, int]:
    """Ringed seats of each list in the report's diagram."""
    counts: dict[str, int] = {}
    for name in re.findall(r'<circle class="seat reserved"[^>]*data-list="([^"]*)"', html):
        counts[name] = counts.get(name, 0) + 1
    return counts


def _lists_left_to_right(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'class="seat[^"]*"[^>]*data-list="([^"]*)"', html)))


def test_reserved_seats_are_the_quota_and_community_seats_of_the_outcome(
    files: tuple[Path, Path],
) -> None:
    results, candidates = files
    outcome = tabulate("iraq-2023", str(results), candidates=str(candidates), partial=True)
    how = {e.candidate: e.how for e in outcome.elected}
    assert how["Amal"] == how["Buthaina"] == "women_quota"
    assert how["Rayan"] == "reserved"
    counts, label = reserved_seats(outcome.as_json())
    assert counts == {"A": 1, "B": 1, "Babylon": 1}
    assert label == "women's-quota seat or community seat"


def test_community_districts_without_named_members_are_reserved_whole() -> None:
    outcome = {"elected": [], "districts": {"Erbil (Christian)": {"X": 1}, "Erbil": {"X": 9}}}
    communities = community_districts(load("iraq-2023").law)
    assert "Erbil (Christian)" in communities
    assert "Erbil" not in communities
    assert reserved_seats(outcome, communities) == ({"X": 1}, "community seat")


def test_report_rings_as_many_seats_as_the_quota_and_community_seats(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    results, candidates = files
    out = tmp_path / "r.html"
    args = ["report", "--law", "iraq-2023", "--results", str(results)]
    args += ["--candidates", str(candidates), "--partial", "-o", str(out)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.output
    outcome = tabulate("iraq-2023", str(results), candidates=str(candidates), partial=True)
    quota_and_community = [e for e in outcome.elected if e.how in ("women_quota", "reserved")]
    html = out.read_text(encoding="utf-8")
    assert sum(_ringed(html).values()) == len(quota_and_community) == 3
    assert _ringed(html) == {"A": 1, "B": 1, "Babylon": 1}
    assert "ringed: women&#x27;s-quota seat or community seat" in html
    elected = html[html.index("Elected members") :]
    for member in outcome.elected:
        how = HOW[member.how].replace("'", "&#39;")
        cells = f"<td>{member.district}</td><td>{member.list}</td><td>{member.candidate}</td>"
        assert re.search(re.escape(cells) + r"\s*<td>" + re.escape(how) + "</td>", elected)
    assert "<td>A4</td>" not in elected

    plain = runner.invoke(app, [*args, "--no-reserved"])
    assert plain.exit_code == 0, plain.output
    assert _ringed(out.read_text(encoding="utf-8")) == {}


def test_report_orders_the_lists_along_an_axis(files: tuple[Path, Path], tmp_path: Path) -> None:
    results, candidates = files
    out = tmp_path / "r.html"
    args = ["report", "--law", "iraq-2023", "--results", str(results)]
    args += ["--candidates", str(candidates), "--partial", "-o", str(out)]
    by_size = runner.invoke(app, args)
    assert by_size.exit_code == 0, by_size.output
    assert _lists_left_to_right(out.read_text(encoding="utf-8")) == ["A", "B", "Babylon"]
    by_names = runner.invoke(app, [*args, "--order", "axis", "--axis", "Babylon, B, A"])
    assert by_names.exit_code == 0, by_names.output
    assert _lists_left_to_right(out.read_text(encoding="utf-8")) == ["Babylon", "B", "A"]
    axis = tmp_path / "axis.csv"
    axis.write_text("name,position\nA,-1/2\nB,3\nBabylon,0.25\n", encoding="utf-8")
    by_file = runner.invoke(app, [*args, "--order", "axis", "--axis-file", str(axis)])
    assert by_file.exit_code == 0, by_file.output
    assert _lists_left_to_right(out.read_text(encoding="utf-8")) == ["A", "Babylon", "B"]


def test_bad_order_options_are_one_line_errors(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    base = ["report", "-", "--seats", "5", "-o", str(out)]
    votes = "name,votes\nA,700\nB,300\n"
    axis = tmp_path / "axis.csv"
    axis.write_text("name,position\nA,left\nB,1\n", encoding="utf-8")
    cases = {
        ("--order", "axis"): "--order axis needs one of --axis 'L,C,R' or --axis-file FILE",
        ("--axis", "A,B"): "--axis and --axis-file go with --order axis",
        ("--order", "axis", "--axis-file", str(axis)): (
            f"{axis}: row 2, column 'position': position must be a number such as -2, 0.5 or "
            "1/3 (got 'left')"
        ),
    }
    for extra, message in cases.items():
        refused = runner.invoke(app, [*base, *extra], input=votes)
        assert refused.exit_code == 1, refused.output
        assert refused.stderr == f"error: {message}\n"
    assert not out.exists()


def test_stored_outcome_report_rings_the_same_seats(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    results, candidates = files
    db = tmp_path / "h.duckdb"
    imported = runner.invoke(
        app,
        [
            *("import", str(results), "--candidates", str(candidates)),
            *("--election", "muthanna", "--db", str(db)),
        ],
    )
    assert imported.exit_code == 0, imported.output
    counted = runner.invoke(
        app,
        [
            *("tabulate", "--law", "iraq-2023", "--db", str(db), "--election", "muthanna"),
            *("--partial", "--format", "json"),
        ],
    )
    assert counted.exit_code == 0, counted.output
    assert json.loads(counted.stdout)["seats"] == {"A": 4, "B": 3, "Babylon": 1}
    out = tmp_path / "stored.html"
    done = runner.invoke(app, ["report", "--outcome", "1", "--db", str(db), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert _ringed(out.read_text(encoding="utf-8")) == {"A": 1, "B": 1, "Babylon": 1}
