"""``hemicycle tabulate``, ``hemicycle compare`` and ``hemicycle laws``: electoral laws applied
to results."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.analyze import outcome_indices
from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.ballots import Ballots
from hemicycle.core.result import fraction_text
from hemicycle.io.district_ballots import read_district_ballots
from hemicycle.io.results import load_results
from hemicycle.io.store import Store
from hemicycle.law import Outcome, load, preset_ids
from hemicycle.law import tabulate as run_tabulate
from hemicycle.law.certify import OutcomeCertificate, tabulate_certified
from hemicycle.law.inputs import as_district_ballots
from hemicycle.law.load import LoadedLaw
from hemicycle.law.outcome import HOW
from hemicycle.types import Results

LawOption = Annotated[
    str, typer.Option("--law", "-l", help="A preset id (see `hemicycle laws`) or a TOML law file.")
]
ResultsOption = Annotated[
    Path | None,
    typer.Option(
        "--results",
        "-r",
        help="Results district,list,candidate,votes (CSV, Parquet, XLSX); - for stdin.",
    ),
]
BallotsOption = Annotated[
    Path | None,
    typer.Option(
        help="Ranked ballots of the districts counted by STV or IRV: CSV district,weight,rank1,"
        "rank2,… or a folder or zip of BLT files named by district."
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(help="DuckDB store: the outcome is stored there with its provenance."),
]
ElectionOption = Annotated[
    str | None,
    typer.Option(help="Tabulate this election as imported into --db (instead of --results)."),
]
CandidatesOption = Annotated[
    Path | None,
    typer.Option(
        help="Candidates district,list,candidate,gender,community,minor_district,rank,birth_date."
    ),
]
TotalsOption = Annotated[
    Path | None, typer.Option(help="Ballot totals district,registered,ballots,valid,invalid,blank.")
]
PartialOption = Annotated[
    bool,
    typer.Option(help="Count only the districts that have results (the others are listed)."),
]
SeedOption = Annotated[
    str | None, typer.Option(help="Seed of every drawing of lots the law prescribes.")
]


@dataclass(slots=True)
class _Inputs:
    """What a tabulation reads: results, ranked ballots, and the digests of their sources."""

    results: Results
    ballots: dict[str, Ballots] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    election: str | None = None


def _inputs(
    results: Path | None,
    candidates: Path | None,
    totals: Path | None,
    ballots: Path | None,
    db: Path | None,
    election: str | None,
) -> _Inputs:
    """Read the results from files or from an election in the store, and the ballots."""
    if election is not None:
        if db is None:
            raise typer.BadParameter(
                "--election reads from a store: give --db", param_hint="--election"
            )
        if results is not None or candidates is not None or totals is not None:
            raise typer.BadParameter(
                "give --results (with --candidates, --totals) or --election, not both",
                param_hint="--election",
            )
    elif results is None:
        if candidates is not None or totals is not None:
            raise typer.BadParameter(
                "--candidates and --totals go with --results", param_hint="--results"
            )
        if ballots is None:
            raise typer.BadParameter(
                "give --results FILE, --election NAME (with --db) or --ballots FILE",
                param_hint="--results",
            )
    read = _Inputs(results=Results(rows=()), election=election)
    if election is not None and db is not None:
        store = Store(db)
        read.results = store.results(election)
        read.hashes = {source.role: source.sha256 for source in store.election(election).sources}
    elif results is not None:
        loaded = load_results(
            str(results),
            candidates=None if candidates is None else str(candidates),
            totals=None if totals is None else str(totals),
        )
        read.results = loaded.results
        read.hashes = dict(loaded.input_hashes)
    if ballots is not None:
        files = read_district_ballots(str(ballots))
        read.ballots = as_district_ballots(files.districts)
        read.hashes["ballots"] = files.sha256
    return read


@handle_errors
def tabulate(
    law: LawOption,
    results: ResultsOption = None,
    candidates: CandidatesOption = None,
    totals: TotalsOption = None,
    ballots: BallotsOption = None,
    db: DbOption = None,
    election: ElectionOption = None,
    partial: PartialOption = False,
    seed: SeedOption = None,
    certificate: Annotated[
        bool,
        typer.Option(help="Add the certificate of every allocation (check: hemicycle verify)."),
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Apply an electoral law to results: seats by list and district, the elected, the trace.

    Results come from files (--results, with --candidates and --totals) or from an election
    imported into the store (--db with --election); districts the law counts by STV or IRV
    read their ranked ballots from --ballots. With --db the outcome is stored with the digests
    of its inputs (those of the election's import), the law's hash and the seed.

    Example: hemicycle tabulate --law lebanon-2017 --results votes.csv --candidates people.csv
    --totals totals.csv --format json --certificate; hemicycle tabulate --law
    northern-ireland-stv --ballots ballots.zip --results first-preferences.csv --partial
    --seed 2022; hemicycle tabulate --law iraq-2023 --db hemicycle.duckdb --election iraq-2025
    """
    loaded_law = load(law)
    inputs = _inputs(results, candidates, totals, ballots, db, election)
    proof = None
    if certificate:
        outcome, proof = tabulate_certified(
            loaded_law.law, inputs.results, ballots=inputs.ballots, partial=partial, seed=seed
        )
    else:
        outcome = run_tabulate(
            loaded_law.law, inputs.results, ballots=inputs.ballots, partial=partial, seed=seed
        )
    stored = None
    if db is not None:
        stored = _store(db, loaded_law, inputs, outcome, seed)
    render_outcome(outcome, output, certificate=proof)
    if stored is not None and output is Format.table:
        typer.echo(f"stored as outcome {stored} in {db}")


def _store(db: Path, law: LoadedLaw, inputs: _Inputs, outcome: Outcome, seed: str | None) -> int:
    saved = Store(db).save_outcome(
        outcome.as_json(),
        law_id=law.law.id,
        law_text=law.text,
        election=inputs.election,
        input_hashes=inputs.hashes,
        tie_break_seeds=() if seed is None else (seed,),
    )
    return saved.id


def render_outcome(
    outcome: Outcome, output: Format, *, certificate: OutcomeCertificate | None = None
) -> None:
    """Print an outcome: its JSON (with its certificate when given), its seats as CSV, or
    tables of seats and members."""
    if output is Format.json:
        body = outcome.as_json()
        if certificate is not None:
            body["certificate"] = certificate.as_json()
        print_json(body)
        return
    if output is Format.csv:
        print_csv(
            ["district", "list", "seats"],
            [
                (district, party, seats)
                for district, by_list in outcome.districts.items()
                for party, seats in by_list.items()
            ],
        )
        return
    grid = Table(title=f"{outcome.law}: {outcome.total_seats} seats")
    grid.add_column("list")
    grid.add_column("seats", justify="right")
    for party, seats in outcome.seats.items():
        grid.add_row(party, str(seats))
    print_table(grid)
    if outcome.elected:
        members = Table(title="elected")
        for column in ("district", "list", "candidate", "how"):
            members.add_column(column)
        for member in outcome.elected:
            members.add_row(member.district, member.list, member.candidate, HOW[member.how])
        print_table(members)
    if outcome.missing_districts:
        typer.echo(f"not counted (no results): {', '.join(outcome.missing_districts)}")
    for tie in outcome.ties:
        typer.echo(
            f"tie for seat {tie.seat} between {', '.join(sorted(tie.tied))}: "
            f"{', '.join(tie.winners)} chosen by {tie.rule}"
        )
    if certificate is not None:
        typer.echo(
            f"{len(certificate.entries)} allocations certified; write them with --format json "
            "and check them with hemicycle verify"
        )


@handle_errors
def compare(
    law: Annotated[
        list[str],
        typer.Option("--law", "-l", help="Two or more preset ids or law files, in order."),
    ],
    results: ResultsOption = None,
    candidates: CandidatesOption = None,
    totals: TotalsOption = None,
    ballots: BallotsOption = None,
    db: DbOption = None,
    election: ElectionOption = None,
    partial: PartialOption = False,
    seed: SeedOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Count the same results under several laws and show the seats side by side (what-if).

    Results come from files or from an election in the store (--db with --election); with
    --db each law's outcome is stored with its provenance.

    Example: hemicycle compare --law iraq-2023 --law iraq-2018 --results iraq.csv --partial;
    hemicycle compare -l iraq-2023 -l iraq-2014 --db hemicycle.duckdb --election iraq-2025
    """
    inputs = _inputs(results, candidates, totals, ballots, db, election)
    laws_read = [load(spec) for spec in law]
    outcomes = [
        run_tabulate(loaded.law, inputs.results, ballots=inputs.ballots, partial=partial, seed=seed)
        for loaded in laws_read
    ]
    stored = (
        {
            o.law: _store(db, loaded, inputs, o, seed)
            for loaded, o in zip(laws_read, outcomes, strict=True)
        }
        if db is not None
        else {}
    )
    ids = [o.law for o in outcomes]
    parties: list[str] = []
    for o in outcomes:
        parties.extend(p for p in o.seats if p not in parties)
    table = {p: {o.law: o.seats.get(p, 0) for o in outcomes} for p in parties}
    # indices weigh seats against list votes, which ranked ballots alone do not give
    indices = outcome_indices(inputs.results, outcomes) if inputs.results.rows else {}
    if output is Format.json:
        body: dict[str, object] = {
            "laws": ids,
            "total_seats": {o.law: o.total_seats for o in outcomes},
            "seats": table,
            "analysis": {
                law_id: {
                    "gallagher": r.gallagher,
                    "effective_parties_seats": fraction_text(r.effective_seats),
                    "effective_parties_votes": fraction_text(r.effective_votes),
                }
                for law_id, r in indices.items()
            },
        }
        if stored:
            body["stored"] = stored
        print_json(body)
        return
    if output is Format.csv:
        print_csv(["list", *ids], [(p, *table[p].values()) for p in parties])
        return
    grid = Table(title="seats under each law")
    grid.add_column("list")
    for name in ids:
        grid.add_column(name, justify="right")
    for p in parties:
        grid.add_row(p, *(str(n) for n in table[p].values()))
    grid.add_section()
    grid.add_row("total", *(str(o.total_seats) for o in outcomes))
    if indices:
        grid.add_row("Gallagher (LSq)", *(f"{indices[i].gallagher:.2f}" for i in ids))
        grid.add_row(
            "effective parties", *(f"{float(indices[i].effective_seats):.2f}" for i in ids)
        )
    print_table(grid)
    if stored:
        shown = ", ".join(str(number) for number in stored.values())
        typer.echo(f"stored as outcomes {shown} in {db}")


@handle_errors
def laws(output: FormatOption = Format.table) -> None:
    """List the shipped electoral laws with their statute and seats.

    Example: hemicycle laws --format json
    """
    rows = []
    for preset in preset_ids():
        law = load(preset).law
        rows.append(
            {
                "id": law.id,
                "name": law.name,
                "country": law.country,
                "statute": law.statute,
                "date": law.date,
                "seats": law.total_seats,
                "used": list(law.used),
            }
        )
    if output is Format.json:
        print_json({"laws": rows})
    elif output is Format.csv:
        print_csv(
            ["id", "country", "date", "seats", "name", "statute"],
            [(r["id"], r["country"], r["date"], r["seats"], r["name"], r["statute"]) for r in rows],
        )
    else:
        grid = Table(title="electoral laws")
        for column in ("id", "country", "date", "seats", "statute"):
            grid.add_column(column, justify="right" if column == "seats" else "left")
        for r in rows:
            grid.add_row(
                str(r["id"]), str(r["country"]), str(r["date"]), str(r["seats"]), str(r["statute"])
            )
        print_table(grid)
