"""Law files: every preset and every file in tests/laws/valid loads; every file in
tests/laws/invalid is refused with exactly the message in its ``.expected`` file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hemicycle.errors import LawError
from hemicycle.law import load, preset_ids, tabulate
from hemicycle.types import ResultRow, Results

LAWS = Path(__file__).parent.parent / "laws"
INVALID = sorted((LAWS / "invalid").glob("*.toml"))


@pytest.mark.parametrize("preset", preset_ids())
def test_every_preset_loads_and_cites_its_statute(preset: str) -> None:
    loaded = load(preset)
    assert loaded.law.id == preset
    assert loaded.law.statute
    assert loaded.law.date
    assert len(loaded.sha256) == 64


def test_the_presets_the_laws_need() -> None:
    assert {
        "germany-2023", "iraq-2005-01", "iraq-2010", "iraq-2014", "iraq-2018", "iraq-2021",
        "iraq-2023", "lebanon-2017", "northern-ireland-stv", "scotland-ams",
        "us-house",
    } <= set(preset_ids())  # fmt: skip


def test_house_sizes() -> None:
    sizes = {p: load(p).law.total_seats for p in preset_ids()}
    assert sizes["lebanon-2017"] == 128
    assert sizes["iraq-2023"] == sizes["iraq-2021"] == sizes["iraq-2018"] == 329
    assert sizes["iraq-2014"] == 328
    assert sizes["iraq-2010"] == 325
    assert sizes["iraq-2005-01"] == 275
    assert sizes["germany-2023"] == 630


@pytest.mark.parametrize("path", sorted((LAWS / "valid").glob("*.toml")))
def test_valid_files_load(path: Path) -> None:
    assert load(path).law.id == path.stem


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_files_give_their_message(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    with pytest.raises(LawError) as error:
        load(path)
    assert str(error.value) == expected


def test_invalid_folder_pairs_every_file_with_a_message() -> None:
    assert len(INVALID) >= 10
    for path in INVALID:
        assert path.with_suffix(".expected").is_file(), path


def test_districts_from_a_file() -> None:
    law = load(LAWS / "valid" / "districts-from-file.toml").law
    (tier,) = law.tiers
    assert [(d.id, d.seats, d.women) for d in tier.districts] == [
        ("North", 5, 1),
        ("South", 3, None),
    ]
    rows = tuple(
        ResultRow(district=d, list=p, candidate=None, votes=v)
        for d, p, v in [("North", "A", 600), ("North", "B", 380), ("North", "C", 20),
                        ("South", "A", 100), ("South", "B", 200)]
    )  # fmt: skip
    outcome = tabulate(law, Results(rows=rows))
    assert dict(outcome.districts["North"]) == {"A": 3, "B": 2}
    assert any(
        s.kind == "threshold" and s.text.startswith("C has 20 of 1000") for s in outcome.steps
    )


def test_a_missing_districts_file_is_named() -> None:
    text = (LAWS / "valid" / "districts-from-file.toml").read_text(encoding="utf-8")
    from hemicycle.law import parse_law

    with pytest.raises(LawError, match=r"x.toml: tiers\[0\].districts_file: file .* not found"):
        parse_law(text, source="x.toml", base=LAWS / "invalid")


def test_us_house_2010_apportionment() -> None:
    """2010 census: 435 seats by equal proportions (Census Bureau, table of apportionment)."""
    from reference import load_reference

    data = load_reference("us_house_2010_huntington_hill.json")
    populations = data["inputs"]["apportionment_population"]
    rows = tuple(
        ResultRow(district="United States", list=state, candidate=None, votes=count)
        for state, count in populations.items()
    )
    outcome = tabulate(load("us-house").law, Results(rows=rows))
    assert dict(outcome.seats) == data["expected"]["seats"]
    assert outcome.total_seats == 435


def test_scotland_regional_seats_count_constituency_seats_as_held() -> None:
    law = load("scotland-ams").law
    rows = [
        ("Glasgow", "SNP", None, 390),
        ("Glasgow", "Lab", None, 200),
        ("Glasgow", "Con", None, 100),
    ]
    rows += [(f"Glasgow constituency {k}", "SNP", f"S{k}", 10) for k in range(1, 10)]
    rows += [(f"Glasgow constituency {k}", "Lab", f"L{k}", 5) for k in range(1, 10)]
    results = Results(
        rows=tuple(ResultRow(district=d, list=p, candidate=c, votes=v) for d, p, c, v in rows)
    )
    outcome = tabulate(law, results, partial=True)
    # SNP holds 9 constituency seats: its figure 390/10 = 39 loses to Lab 200, 100, 66.7, 50, 40
    # and Con 100, 50
    assert dict(outcome.districts["Glasgow"]) == {"Lab": 5, "Con": 2}
    assert outcome.seats["SNP"] == 9
