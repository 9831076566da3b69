"""``hemicycle verify`` and the ``--certificate`` flags of ``apportion`` and ``tabulate``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hemicycle.cli.app import app

runner = CliRunner()

VOTES = "name,votes\nA,47000\nB,16000\nC,15800\nD,12000\nE,6100\nF,3100\n"
# Iraq, Council of Representatives 2023 law (Law 4/2023 art. 16), Erbil's lists as in the
# law engine's doctest: modified Sainte-Laguë with first divisor 1.7
RESULTS = (
    "district,list,candidate,votes\nErbil,KDP,,369724\nErbil,PUK,,97411\n"
    "Erbil,National Stance,,63298\nErbil,New Generation,,38921\n"
)


def _apportion(tmp_path: Path, *extra: str) -> dict[str, object]:
    source = tmp_path / "votes.csv"
    source.write_text(VOTES, encoding="utf-8")
    done = runner.invoke(app, ["apportion", str(source), "-n", "10", "--format", "json", *extra])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _verify(tmp_path: Path, document: object, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "outcome.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    done = runner.invoke(app, ["verify", str(path), *extra])
    return done.exit_code, done.stdout, done.stderr


def test_apportion_json_keeps_its_shape_without_the_flag(tmp_path: Path) -> None:
    plain = _apportion(tmp_path)
    assert set(plain) == {"method", "house_size", "seats", "excluded", "ties", "priority"}
    with_proof = _apportion(tmp_path, "--certificate")
    assert {k: v for k, v in with_proof.items() if k != "certificate"} == plain
    assert with_proof["certificate"]["kind"] == "divisor"  # type: ignore[index]


def test_a_certified_allocation_verifies(tmp_path: Path) -> None:
    for method in ("dhondt", "huntington_hill", "hare", "droop"):
        code, out, _ = _verify(tmp_path, _apportion(tmp_path, "--certificate", "-m", method))
        assert code == 0
        assert out.startswith("verified")


def test_a_tampered_allocation_fails_naming_the_check(tmp_path: Path) -> None:
    document = _apportion(tmp_path, "--certificate")
    document["seats"]["A"] += 1  # type: ignore[index]
    code, _, err = _verify(tmp_path, document)
    assert code == 1
    assert "not verified: the document's seats are the certified seats" in err
    code, out, _ = _verify(tmp_path, document, "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report["verified"] is False
    assert report["failed"]["check"] == "the document's seats are the certified seats"


def test_tabulate_certificate_round_trip(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    results.write_text(RESULTS, encoding="utf-8")
    args = ["tabulate", "--law", "iraq-2023", "--results", str(results), "--partial"]
    plain = runner.invoke(app, [*args, "--format", "json"])
    certified = runner.invoke(app, [*args, "--format", "json", "--certificate"])
    assert plain.exit_code == certified.exit_code == 0
    document = json.loads(certified.stdout)
    assert {k: v for k, v in document.items() if k != "certificate"} == json.loads(plain.stdout)
    code, out, _ = _verify(tmp_path, document, "--format", "json")
    assert code == 0
    assert json.loads(out)["verified"] is True
    document["districts"]["Erbil"]["KDP"] = 8
    document["districts"]["Erbil"]["PUK"] = 4
    code, _, err = _verify(tmp_path, document)
    assert code == 1
    assert "Erbil" in err


def test_documents_that_cannot_be_verified(tmp_path: Path) -> None:
    code, _, err = _verify(tmp_path, _apportion(tmp_path))
    assert code == 1
    assert "--certificate" in err
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    done = runner.invoke(app, ["verify", str(path)])
    assert done.exit_code == 1
    assert "not JSON" in done.stderr
    done = runner.invoke(
        app, ["verify", "-"], input=json.dumps(_apportion(tmp_path, "--certificate"))
    )
    assert done.exit_code == 0


def test_verify_has_help_with_an_example() -> None:
    done = runner.invoke(app, ["verify", "--help"])
    assert done.exit_code == 0
    assert "Example" in done.stdout
