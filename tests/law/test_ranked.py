"""Tiers counted from ranked ballots: the Northern Ireland Assembly preset end to end, Scottish
wards and instant runoff, and the same count as the core's on random ballots.

The Foyle ballots are constructed (Assembly ballot papers are not published): 600 papers for
five seats, built so that the count meets every rule of the Electoral Law Act (NI) 1962 Sch. 5
that differs from a textbook count. Each stage below was worked by hand from the rules:

1. quota floor(600 / 6) + 1 = 101; Devlin (150) is elected.
2. Devlin's surplus of 49: all 150 papers are the last parcel, 140 of them transferable, value
   49/140 = 0.35; Ferris gets 100 × 0.35 = 35 (115) and Boyle 40 × 0.35 = 14 (109): both
   elected.
3. Ferris's surplus of 14 (the larger first), from the parcel of 100 papers received at 0.35,
   90 transferable: 14/90 = 0.1555… truncated to 0.15 (r. 49); Grant +9 (79), Casey +4.5
   (94.5); 0.5 lost to rounding.
4. Boyle's surplus of 8, parcel of 40 papers at 0.35, 30 transferable: 8/30 truncated to 0.26;
   Grant +7.8 (86.8); 0.2 lost.
5. No surplus; the two lowest together (55 + 60) reach the next (86.8), so no bulk exclusion:
   Egan (55) is excluded; her 55 papers give Duffy 30 (90) and Casey 15 (109.5, elected at
   once, r. 51(5)); 10 exhausted.
6. With one vacancy, Duffy (90) is short of Grant (86.8) plus Casey's surplus (8.5), so the
   surplus moves: the last parcel is the 15 papers from Egan, 10 transferable at 0.85; Grant
   95.3. Grant now has more votes than Duffy and is elected (r. 52(2)).
"""

from __future__ import annotations

import json
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hemicycle import tabulate as api_tabulate
from hemicycle.cli.app import app
from hemicycle.core.ballots import Ballots
from hemicycle.core.irv import instant_runoff
from hemicycle.core.stv import stv
from hemicycle.errors import DataError
from hemicycle.law import load_law, parse_law, tabulate
from hemicycle.law.certify import tabulate_certified
from hemicycle.types import CandidateRow, ResultRow, Results

FOYLE = {
    ("Devlin", "Ferris", "Grant"): 60,
    ("Devlin", "Ferris", "Casey"): 30,
    ("Devlin", "Ferris"): 10,
    ("Devlin", "Boyle", "Grant"): 30,
    ("Devlin", "Boyle"): 10,
    ("Devlin",): 10,
    ("Boyle", "Grant"): 95,
    ("Ferris",): 80,
    ("Casey",): 90,
    ("Grant", "Boyle"): 70,
    ("Duffy",): 60,
    ("Egan", "Duffy"): 30,
    ("Egan", "Casey", "Grant"): 10,
    ("Egan", "Casey"): 5,
    ("Egan",): 10,
}
PARTIES = {
    "Devlin": "Alpha",
    "Ferris": "Alpha",
    "Boyle": "Beta",
    "Grant": "Beta",
    "Casey": "Gamma",
    "Duffy": "Delta",
    "Egan": "Egan",
}
NI = load_law("northern-ireland-stv")
runner = CliRunner()


def _first_preferences() -> list[ResultRow]:
    first = Ballots.from_rankings(FOYLE).first_preferences()
    return [
        ResultRow(district="Foyle", list=PARTIES[name], candidate=name, votes=votes)
        for name, votes in first.items()
    ]


def test_northern_ireland_count_stage_by_stage() -> None:
    outcome = tabulate(
        NI,
        Results(rows=tuple(_first_preferences())),
        ballots={"Foyle": Ballots.from_rankings(FOYLE)},
        partial=True,
    )
    assert [(e.candidate, e.list, e.how) for e in outcome.elected] == [
        ("Devlin", "Alpha", "stv_quota"),
        ("Ferris", "Alpha", "stv_surplus"),
        ("Boyle", "Beta", "stv_surplus"),
        ("Casey", "Gamma", "stv_exclusion"),
        ("Grant", "Beta", "stv_last_vacancy"),
    ]
    assert dict(outcome.seats) == {"Alpha": 2, "Beta": 2, "Gamma": 1}
    assert outcome.total_seats == 5
    assert len(outcome.missing_districts) == 17
    stages = [s.text for s in outcome.steps if s.kind == "stage"]
    assert len(stages) == 6
    assert "Surplus of Ferris (14) transferred at 0.15; non-transferable 0.5." in stages[2]
    assert "Surplus of Boyle (8) transferred at 0.26; non-transferable 0.2." in stages[3]
    assert "Casey (Gamma) 109.5" in stages[4]
    assert "Duffy (Delta) 90" in stages[4]
    assert "Grant (Beta) 95.3" in stages[5]
    assert outcome.steps[0].text.startswith("quota 101 for 5 seats and 600 valid votes")


def test_the_certified_count_keeps_every_stage() -> None:
    outcome, proof = tabulate_certified(
        NI, Results(rows=()), ballots={"Foyle": Ballots.from_rankings(FOYLE)}, partial=True
    )
    (entry,) = proof.entries
    count = entry.made
    assert entry.district == "Foyle"
    totals = [dict(stage.totals) for stage in count.stages]  # type: ignore[union-attr]
    assert (totals[1]["Ferris"], totals[1]["Boyle"]) == (115, 109)
    assert (totals[2]["Grant"], totals[2]["Casey"]) == (79, Fraction(189, 2))
    assert totals[3]["Grant"] == Fraction(434, 5)
    assert totals[5]["Grant"] == Fraction(953, 10)
    assert [e.list for e in outcome.elected] == ["Devlin", "Ferris", "Boyle", "Casey", "Grant"]


def _ballots_csv(path: Path) -> Path:
    rows = ["district,weight,rank1,rank2,rank3"]
    for ranking, weight in FOYLE.items():
        cells = list(ranking) + [""] * (3 - len(ranking))
        rows.append(",".join(["Foyle", str(weight), *cells]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _blt(seats: int = 5) -> str:
    names = list(PARTIES)
    lines = [f"{len(names)} {seats}"]
    for ranking, weight in FOYLE.items():
        lines.append(" ".join([str(weight), *(str(names.index(n) + 1) for n in ranking), "0"]))
    lines.append("0")
    lines.extend(f'"{name}"' for name in names)
    lines.append('"Foyle (constructed)"')
    return "\n".join(lines) + "\n"


def _results_csv(path: Path) -> Path:
    rows = ["district,list,candidate,votes"]
    rows += [f"{r.district},{r.list},{r.candidate},{r.votes}" for r in _first_preferences()]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_cli_tabulates_ballots_with_first_preference_results(tmp_path: Path) -> None:
    args = ["tabulate", "-l", "northern-ireland-stv", "--partial", "-f", "json",
            "--ballots", str(_ballots_csv(tmp_path / "ballots.csv")),
            "--results", str(_results_csv(tmp_path / "first.csv"))]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["districts"] == {"Foyle": {"Alpha": 2, "Beta": 2, "Gamma": 1}}
    assert [m["how"] for m in payload["elected"]] == [
        "stv_quota", "stv_surplus", "stv_surplus", "stv_exclusion", "stv_last_vacancy",
    ]  # fmt: skip
    table = runner.invoke(app, [*args[:5], "table", *args[6:]])
    assert table.exit_code == 0, table.output
    assert "Gamma" in table.stdout
    assert "not counted (no results): Belfast East" in table.stdout


@pytest.mark.parametrize("form", ["folder", "zip"])
def test_blt_files_named_by_district(tmp_path: Path, form: str) -> None:
    if form == "folder":
        source = tmp_path / "ballots"
        source.mkdir()
        (source / "Foyle.blt").write_text(_blt(), encoding="utf-8")
    else:
        source = tmp_path / "ballots.zip"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr("count/Foyle.blt", _blt())
    outcome = api_tabulate("northern-ireland-stv", ballots=source, partial=True)
    assert [e.candidate for e in outcome.elected] == ["Devlin", "Ferris", "Boyle", "Casey", "Grant"]
    # without party results every candidate stands for herself
    assert outcome.seats["Grant"] == 1


def test_ballots_that_do_not_fit_are_refused(tmp_path: Path) -> None:
    box = Ballots.from_rankings(FOYLE)
    with pytest.raises(DataError, match="'Atlantis', which law 'northern-ireland-stv' does not"):
        tabulate(NI, Results(rows=()), ballots={"Atlantis": box}, partial=True)
    with pytest.raises(DataError, match="no ranked ballots for 17 districts"):
        tabulate(NI, Results(rows=()), ballots={"Foyle": box})
    wrong = [r if r.candidate != "Egan" else ResultRow(district="Foyle", list="Egan",
             candidate="Egan", votes=54) for r in _first_preferences()]  # fmt: skip
    with pytest.raises(DataError, match="give 'Egan' \\(Egan\\) 54 votes in 'Foyle', but the"):
        tabulate(NI, Results(rows=tuple(wrong)), ballots={"Foyle": box}, partial=True)
    roster = tuple(
        CandidateRow(district="Foyle", list=PARTIES[n], candidate=n) for n in PARTIES if n != "Egan"
    )
    with pytest.raises(DataError, match="'Egan' is on the ballots of 'Foyle' but not among"):
        tabulate(NI, Results(rows=(), candidates=roster), ballots={"Foyle": box}, partial=True)
    six = tmp_path / "six"
    six.mkdir()
    (six / "Foyle.blt").write_text(_blt(seats=6), encoding="utf-8")
    with pytest.raises(DataError, match="declare 6 seats, but the law gives 5"):
        api_tabulate("northern-ireland-stv", ballots=six, partial=True)


# Moray Council, Elgin City South by-election, 7 November 2024 (Scottish rules): the profile
# tests/core/test_stv.py derives from the published transfer sheet (Northern Scot and Press and
# Journal reports of the count): 2,636 valid votes, quota 1,319; stage 1 Mitchell 849, Kirby
# 834, McBain 487, Alexander 466; stage 2 Kirby 962, Mitchell 928, McBain 615; stage 3 Kirby
# 1,160, Mitchell 1,093.
ELGIN_SOUTH_2024 = {
    ("Laura Mitchell",): 849,
    ("Elaine Kirby",): 834,
    ("Catriona McBain", "Elaine Kirby"): 198,
    ("Catriona McBain", "Laura Mitchell"): 165,
    ("Catriona McBain",): 124,
    ("Neil Alexander", "Elaine Kirby"): 128,
    ("Neil Alexander", "Laura Mitchell"): 79,
    ("Neil Alexander", "Catriona McBain"): 128,
    ("Neil Alexander",): 131,
}
PUBLISHED = [
    "Laura Mitchell 849; Elaine Kirby 834; Catriona McBain 487; Neil Alexander 466.",
    "Elaine Kirby 962; Laura Mitchell 928; Catriona McBain 615.",
    "Elaine Kirby 1160; Laura Mitchell 1093.",
]
WARD = Path(__file__).parent.parent / "laws" / "valid" / "scottish-ward.toml"
MORAY = """
id = "moray"
name = "Moray wards"
country = "United Kingdom (Scotland)"
statute = "SSI 2007/42 Sch. 1"
date = "2007"
[ties]
candidates = ["lot"]
[[tiers]]
id = "wards"
kind = "district"
formula = "FORMULA"
districts = [{ id = "Elgin City South", seats = 1 }]
"""


def test_scottish_ward_reproduces_the_published_count(tmp_path: Path) -> None:
    ballots = tmp_path / "ballots.csv"
    lines = ["district,weight,rank1,rank2"]
    lines += [
        f"Elgin City South,{weight},{ranking[0]},{ranking[1] if len(ranking) > 1 else ''}"
        for ranking, weight in ELGIN_SOUTH_2024.items()
    ]
    ballots.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["tabulate", "-l", str(WARD), "--ballots", str(ballots), "--partial", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["elected"] == [
        {"district": "Elgin City South", "list": "Elaine Kirby", "candidate": "Elaine Kirby",
         "how": "stv_remaining"}
    ]  # fmt: skip
    stages = [s["text"] for s in payload["steps"] if s["kind"] == "stage"]
    for text, published in zip(stages, PUBLISHED, strict=False):
        assert text.endswith(published) or published[:-1] + ". Non" in text
    assert payload["steps"][0]["text"].startswith("quota 1319 for 1 seats and 2,636 valid")


def test_instant_runoff_on_the_same_papers() -> None:
    box = {"Elgin City South": Ballots.from_rankings(ELGIN_SOUTH_2024)}
    irv = parse_law(MORAY.replace('"FORMULA"', '"irv"'))
    (member,) = tabulate(irv, Results(rows=()), ballots=box).elected
    assert (member.candidate, member.how, member.votes) == ("Elaine Kirby", "irv_majority", 834)


CANDIDATES = ["A", "B", "C", "D", "E"]
rankings = st.lists(
    st.permutations(CANDIDATES).flatmap(
        lambda order: st.integers(1, 5).map(lambda n: tuple(order[:n]))
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=25, deadline=None)
@given(papers=rankings, seats=st.integers(1, 3), rules=st.sampled_from(["wigm", "meek", "ni"]))
def test_a_law_tier_counts_as_the_core_does(
    papers: list[tuple[str, ...]], seats: int, rules: str
) -> None:
    box = Ballots.from_rankings(papers, candidates=CANDIDATES)
    extra = 'stv_rules = "northern_ireland"' if rules == "ni" else f'transfer = "{rules}"'
    law = parse_law(
        MORAY.replace('"FORMULA"', f'"stv"\n{extra}')
        .replace("seats = 1", f"seats = {seats}")
        .replace('["lot"]', '["lot"]\nlists = ["lot"]')
    )
    expected = stv(
        box,
        seats,
        transfer=None if rules == "ni" else rules,
        rules="northern_ireland" if rules == "ni" else None,
        tie_break="lot:7",
    )
    outcome = tabulate(law, Results(rows=()), ballots={"Elgin City South": box}, seed="7")
    assert tuple(e.candidate for e in outcome.elected) == expected.elected
    if seats == 1:
        alone = instant_runoff(box, tie_break="lot:7").elected
        irv = parse_law(MORAY.replace('"FORMULA"', '"irv"'))
        got = tabulate(irv, Results(rows=()), ballots={"Elgin City South": box}, seed="7")
        assert tuple(e.candidate for e in got.elected) == alone
