"""``hemicycle users``, ``hemicycle report`` and ``hemicycle serve`` through the CLI."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hemicycle import apportion
from hemicycle.cli.app import app
from hemicycle.io import uploads
from hemicycle.web import services

runner = CliRunner()


def test_users_add_list_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "u.duckdb")
    monkeypatch.setenv("PW", "a long password")
    added = runner.invoke(
        app,
        [
            "users",
            "add",
            "ada",
            "--role",
            "admin",
            "--db",
            db,
            "--password-env",
            "PW",
            "--format",
            "json",
        ],
    )
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout) == {"added": "ada", "role": "admin"}
    runner.invoke(
        app, ["users", "add", "olga", "--role", "observer", "--db", db, "--password-env", "PW"]
    )
    listed = runner.invoke(app, ["users", "list", "--db", db, "--format", "json"])
    assert [(u["name"], u["role"]) for u in json.loads(listed.stdout)["users"]] == [
        ("ada", "admin"),
        ("olga", "observer"),
    ]
    csv = runner.invoke(app, ["users", "list", "--db", db, "--format", "csv"])
    assert csv.stdout.splitlines()[0] == "name,role,created_at"
    bad = runner.invoke(
        app, ["users", "add", "x", "--role", "king", "--db", db, "--password-env", "PW"]
    )
    assert bad.exit_code == 1
    assert "unknown role 'king'" in bad.stderr
    last = runner.invoke(app, ["users", "remove", "ada", "--db", db])
    assert last.exit_code == 1
    assert "last admin" in last.stderr
    removed = runner.invoke(app, ["users", "remove", "olga", "--db", db, "--format", "json"])
    assert json.loads(removed.stdout) == {"removed": "olga"}


def test_report_of_a_votes_file(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("name,votes\nA,53000\nB,24000\nC,23000\n", encoding="utf-8")
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", str(votes), "-n", "7", "-m", "hare", "-o", str(out), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["seats"] == dict(
        apportion({"A": 53000, "B": 24000, "C": 23000}, 7, method="hare").seats
    )
    html = out.read_text(encoding="utf-8")
    assert 'data-total="7"' in html
    assert payload["result_sha256"] in html


def test_report_of_a_stored_run(tmp_path: Path) -> None:
    path = tmp_path / "r.duckdb"
    db = services.open_database(path)
    dataset = services.import_upload(
        db, file_name="v.csv", data=b"name,votes\nA,10\nB,7\n", name="small", actor="t"
    )
    run = services.create_run(db, dataset, services.ApportionParameters(seats=5), actor="t")
    db.close()
    out = tmp_path / "run.html"
    result = runner.invoke(app, ["report", "--run", str(run.id), "--db", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "small: run 1" in out.read_text(encoding="utf-8")
    missing = runner.invoke(app, ["report", "--run", "99", "--db", str(path), "-o", str(out)])
    assert missing.exit_code == 1
    assert "no run with id 99" in missing.stderr
    both = runner.invoke(app, ["report", "-o", str(out)])
    assert both.exit_code == 2
    db = services.open_database(path)
    assert uploads.count_rows(db, "runs") == 1
    db.close()


def test_report_pdf_without_chromium_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("name,votes\nA,5\nB,3\n", encoding="utf-8")
    monkeypatch.setenv("HEMICYCLE_CHROMIUM", "/absent/chromium")
    result = runner.invoke(
        app,
        [
            "report",
            str(votes),
            "-n",
            "5",
            "-o",
            str(tmp_path / "r.html"),
            "--pdf",
            str(tmp_path / "r.pdf"),
        ],
    )
    assert result.exit_code == 1
    assert "needs headless Chromium" in result.stderr
    assert (tmp_path / "r.html").exists()


@pytest.mark.browser
def test_report_pdf(tmp_path: Path) -> None:
    if shutil.which("/usr/bin/chromium") is None:
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    votes = tmp_path / "votes.csv"
    votes.write_text("name,votes\nA,5\nB,3\n", encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    result = runner.invoke(
        app, ["report", str(votes), "-n", "5", "-o", str(tmp_path / "r.html"), "--pdf", str(pdf)]
    )
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_every_command_has_help_with_an_example() -> None:
    for command in (
        ["serve"],
        ["report"],
        ["users", "add"],
        ["users", "remove"],
        ["users", "list"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Example: hemicycle" in result.stdout


def test_report_of_a_law_applied_to_results(tmp_path: Path) -> None:
    from hemicycle import tabulate
    from hemicycle.cli.demo import example_file

    results = example_file("iraq_2025_results.csv")
    out = tmp_path / "law.html"
    result = runner.invoke(
        app,
        [
            *("report", "--law", "iraq-2023", "--results", str(results), "--partial"),
            *("-o", str(out), "--offices", "6", "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    expected = tabulate("iraq-2023", str(results), partial=True)
    assert payload["seats"] == {k: v for k, v in expected.seats.items() if v}
    html = out.read_text(encoding="utf-8")
    for name, seats in expected.seats.items():
        assert f'data-list="{name}" data-seats="{seats}"' in html
    for text in ("Seats by district", "Voting power", "6 offices by dhondt", "Provenance"):
        assert text in html
    assert "Erbil (governorates): KDP: 9 seats (369,724 votes)" in html
    missing = runner.invoke(app, ["report", "--law", "iraq-2023", "-o", str(out)])
    assert missing.exit_code != 0


def test_report_of_a_stored_outcome(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    demo = runner.invoke(app, ["demo", "--db", str(db), "--format", "json"])
    assert demo.exit_code == 0, demo.output
    stored = json.loads(demo.stdout)
    assert Path(stored["report"]).is_file()  # the demo ends with the report
    out = tmp_path / "outcome.html"
    result = runner.invoke(
        app,
        [
            *("report", "--outcome", str(stored["outcome_id"]), "--db", str(db)),
            *("-o", str(out), "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["seats"] == {k: v for k, v in stored["seats"].items() if v}
    html = out.read_text(encoding="utf-8")
    assert "iraq-2025-example: iraq-2023" in html
    assert "SHA-256" in html
    absent = runner.invoke(app, ["report", "--outcome", "99", "--db", str(db), "-o", str(out)])
    assert absent.exit_code == 1
    assert "no outcome 99" in absent.stderr


def test_report_from_stdin_hashes_the_bytes_read(tmp_path: Path) -> None:
    data = b"name,votes\nA,700\nB,300\n"
    out = tmp_path / "v.html"
    result = runner.invoke(app, ["report", "-", "--seats", "5", "-o", str(out)], input=data)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert hashlib.sha256(data).hexdigest() in html
    assert hashlib.sha256(b"").hexdigest() not in html
    assert 'data-total="5"' in html


def test_report_into_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "x.html"
    for extra in ([], ["--pdf", str(tmp_path / "nowhere" / "x.pdf")]):
        output = tmp_path / "x.html" if extra else target
        result = runner.invoke(
            app,
            ["report", "-", "--seats", "5", "-o", str(output), *extra],
            input="name,votes\nA,700\nB,300\n",
        )
        assert result.exit_code == 1
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("error: ")
        assert "does not exist" in result.stderr
        assert not output.exists()
    into_a_folder = runner.invoke(
        app, ["report", "-", "--seats", "5", "-o", str(tmp_path)], input="name,votes\nA,1\n"
    )
    assert into_a_folder.exit_code == 1
    assert into_a_folder.stderr.startswith(f"error: {tmp_path}: cannot write the report: ")


def test_serve_prints_its_address_in_the_format_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, object]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.append(options))
    db = tmp_path / "s.duckdb"
    as_json = runner.invoke(app, ["serve", "--db", str(db), "--port", "8123", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == {
        "url": "http://127.0.0.1:8123/",
        "db": str(db),
        "api": "http://127.0.0.1:8123/docs",
    }
    as_table = runner.invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert as_table.exit_code == 0, as_table.output
    assert as_table.stdout == ""
    assert as_table.stderr == f"hemicycle: serving {db} on http://0.0.0.0:8000/\n"
    assert [(o["host"], o["port"]) for o in started] == [("127.0.0.1", 8123), ("0.0.0.0", 8000)]
