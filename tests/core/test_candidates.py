"""Plurality candidate methods (FPTP, SNTV, block vote), ranked ballots, and ballot files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.core.ballots import Ballots, RankedBallot
from hemicycle.core.candidates import block_tally, block_vote, first_past_the_post, sntv
from hemicycle.errors import DataError, TieError
from hemicycle.io.ballots import parse_ballot_csv, parse_blt, read_ballots, read_ballots_or_tally


def test_fptp_newry_and_armagh_style_plurality() -> None:
    # UK general election 2017, Kensington: Emma Dent Coad 16,333, Victoria Borwick 16,313
    # (https://www.rbkc.gov.uk, declaration of result): a 20-vote plurality.
    result = first_past_the_post({"Emma Dent Coad": 16333, "Victoria Borwick": 16313})
    assert result.elected == ("Emma Dent Coad",)
    assert result.valid == 32646


def test_sntv_tie_at_the_last_seat_goes_to_the_declared_rule() -> None:
    votes = {"A": 5200, "B": 4100, "C": 4100, "D": 900}
    with pytest.raises(TieError) as refused:
        sntv(votes, 2)
    assert refused.value.tied == {"B", "C"}
    first = sntv(votes, 2, tie_break="lot:2021")
    again = sntv(votes, 2, tie_break="lot:2021")
    assert first.elected == again.elected
    assert first.ties[0].rule == "lot:2021"
    assert first.ties[0].tied == {"B", "C"}
    assert sntv(votes, 3).elected == ("A", "B", "C")  # no tie at the cut: nothing to break


def test_block_vote_from_ballots() -> None:
    box = Ballots.from_rankings({("A", "B"): 30, ("A", "C"): 20, ("C", "B"): 25, ("D",): 10})
    tally = block_tally(box, 2)
    assert tally == {"A": 50, "B": 55, "C": 45, "D": 10}
    result = block_vote(tally, 2, valid=box.total)
    assert result.elected == ("B", "A")
    assert result.valid == 85
    with pytest.raises(DataError, match="at most 2"):
        block_tally(Ballots.from_rankings([["A", "B", "C"]]), 2)


def test_bad_votes() -> None:
    with pytest.raises(DataError, match="non-negative"):
        sntv({"A": -1}, 1)
    with pytest.raises(DataError, match="seats must be"):
        sntv({"A": 1}, 0)


def test_more_seats_than_candidates() -> None:
    result = sntv({"A": 3, "B": 1}, 3)
    assert result.elected == ("A", "B")
    assert any(step.kind == "unfilled" for step in result.steps)


@settings(max_examples=60, deadline=None)
@given(
    votes=st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(0, 50), min_size=1),
    seats=st.integers(1, 7),
)
def test_sntv_elects_the_top_candidates(votes: dict[str, int], seats: int) -> None:
    result = sntv(votes, seats, tie_break="lot:1")
    assert len(result.elected) == min(seats, len(votes))
    losers = set(votes) - set(result.elected)
    if losers:
        assert min(votes[c] for c in result.elected) >= max(votes[c] for c in losers)


def test_ballots_validation() -> None:
    with pytest.raises(DataError, match="ballot 1: weight"):
        Ballots(candidates=("A",), ballots=(RankedBallot(ranking=("A",), weight=0),))
    with pytest.raises(DataError, match="ranks no candidate"):
        Ballots(candidates=("A",), ballots=(RankedBallot(ranking=()),))
    with pytest.raises(DataError, match="appears twice"):
        Ballots(candidates=("A", "A"), ballots=())
    box = Ballots(
        candidates=("A", "B"),
        ballots=(RankedBallot(ranking=("B",), weight=2), RankedBallot(ranking=("A", "B"))),
        withdrawn=frozenset({"B"}),
    )
    assert box.total == 1  # papers for withdrawn candidates only are not valid votes
    assert box.first_preferences() == {"A": 1}


BLT = """4 2
-4
3 1 2 0   # three papers
2 2 0
1 3 1 0
0
"Ames"
"Kevin ""Kev"" O'Neill"
"Ćosić"
"Dee"
"Ward 6 - Elgin City North"
"""


def test_blt_reader() -> None:
    data = parse_blt(BLT, "ward.blt")
    assert data.candidates == ("Ames", 'Kevin "Kev" O\'Neill', "Ćosić", "Dee")
    assert data.rankings[0] == (("Ames", 'Kevin "Kev" O\'Neill'), 3)
    assert data.withdrawn == ("Dee",)
    assert data.seats == 2
    assert data.title == "Ward 6 - Elgin City North"


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ('2 1\n1 1 1 0\n0\n"A"\n"B"\n', 2, "preference 2", "ranked twice"),
        ('2 1\n1 3 0\n0\n"A"\n"B"\n', 2, "preference 1", "run from 1 to 2"),
        ('2 1\n1 1=2 0\n0\n"A"\n"B"\n', 2, "preference 1", "equal preferences"),
        ('2 1\n0 1 0\n0\n"A"\n"B"\n', 2, "weight", "weight must be >= 1"),
        ('2 1\n1 1\n0\n"A"\n"B"\n', 2, None, "must end with 0"),
        ('2 1\n1 1 0\n0\nA\n"B"\n', 4, None, "double quotes"),
        ("2 x\n", 1, "seats", "whole number"),
    ],
)
def test_blt_errors_name_row_and_column(
    text: str, row: int, column: str | None, message: str
) -> None:
    with pytest.raises(DataError, match=message) as error:
        parse_blt(text, "bad.blt")
    assert (error.value.file, error.value.row, error.value.column) == ("bad.blt", row, column)


def test_csv_reader_and_errors() -> None:
    data = parse_ballot_csv("weight,rank1,rank2\n3,Ames,Bell\n2,Bell,\n", "b.csv")
    assert data.rankings == ((("Ames", "Bell"), 3), (("Bell",), 2))
    cases = [
        ("weight,rank1,rank2\n1,,Bell\n", 2, "rank2", "gap"),
        ("weight,rank1,rank2\n1,Ames,Ames\n", 2, "rank2", "ranked twice"),
        ("weight,rank1\n-1,Ames\n", 2, "weight", "negative"),
        ("weight,rank2\n1,Ames\n", 1, "rank2", "expected column 'rank1'"),
        ("weight,rank1\n1,\n", 2, "rank1", "ranks no candidate"),
    ]
    for text, row, column, message in cases:
        with pytest.raises(DataError, match=message) as error:
            parse_ballot_csv(text, "b.csv")
        assert (error.value.row, error.value.column) == (row, column)


def test_file_detection(tmp_path: Path) -> None:
    blt = tmp_path / "ward.txt"
    blt.write_text(BLT, encoding="utf-8")
    assert read_ballots(blt).seats == 2
    tally = tmp_path / "tally.csv"
    tally.write_text("name,votes\nA,3\nB,2\n", encoding="utf-8")
    assert read_ballots_or_tally(tally).votes == {"A": 3, "B": 2}  # type: ignore[union-attr]
    with pytest.raises(DataError, match="file not found"):
        read_ballots(tmp_path / "missing.csv")
