"""``hemicycle audit plan|sample|record|risk``: a risk-limiting audit, round by round.

The audit lives in the database (``hemicycle.duckdb`` or ``--db``): ``plan --audit NAME``
stores the reported results, the ballot manifest, the public seed and the test; ``sample`` draws
the next round of ballots with Rivest's consistent sampler; ``record`` stores what was read on
them; ``risk`` computes the risk of every assertion and stores it with the round. With
``--kind batch`` the audit compares batch tallies by MACRO (:mod:`.audit_batch`).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.audit import BallotManifest, sample_ballots
from hemicycle.audit.workflow import check_test, plan, planned_assertions, round_risk
from hemicycle.cli.audit_batch import (
    MARGIN_COLUMNS,
    MARGIN_NOTE,
    margin_cells,
    plan_batch_audit,
    record_batch_audit,
    risk_batch_audit,
    sample_batch_audit,
    tie_json,
    tie_text,
)
from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError
from hemicycle.io import read_csv_rows, read_unit_counts
from hemicycle.io.audit_batch_store import BatchAuditStore
from hemicycle.io.audit_store import (
    DEFAULT_DB,
    AuditRecord,
    AuditStore,
    ObservationRow,
    SampleRow,
)
from hemicycle.web.auditing import save_round

app = typer.Typer(
    name="audit",
    help="Risk-limiting audits: plan, draw a seeded sample, record ballots, compute the risk.\n\n"
    "Example: hemicycle audit plan results.csv --outcome plurality --risk-limit 5%",
    no_args_is_help=True,
)

DbOption = Annotated[Path, typer.Option("--db", help="The database file.")]
AuditOption = Annotated[str, typer.Option("--audit", "-a", help="The audit's name.")]


def _risk_limit(text: str) -> Fraction:
    cleaned = text.strip()
    try:
        value = Fraction(cleaned[:-1].strip()) / 100 if cleaned.endswith("%") else Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise DataError(f"risk limit must be a share such as 5% or 0.05 (got {text!r})") from None
    if not 0 < value < 1:
        raise DataError(f"risk limit must be above 0% and below 100% (got {text!r})")
    return value


def _read_manifest(path: Path) -> BallotManifest:
    name, rows = read_csv_rows(str(path), ["batch", "ballots"])
    batches = []
    for number, row in rows:
        text = row["ballots"].strip()
        if not text.isdigit():
            raise DataError(
                f"ballots must be a whole number >= 0 (got {text!r})",
                file=name,
                row=number,
                column="ballots",
            )
        batches.append((row["batch"], int(text)))
    try:
        return BallotManifest.of(batches)
    except DataError as error:
        raise DataError(error.message, file=name) from None


@app.command("plan")
@handle_errors
def plan_command(
    results: Annotated[
        Path, typer.Argument(help="Reported results: CSV with columns name,votes; - for stdin.")
    ],
    outcome: Annotated[
        str,
        typer.Option(
            help="plurality[:K], majority, super_majority:F, or seats:METHOD:SEATS[:THRESHOLD]."
        ),
    ] = "plurality",
    kind: Annotated[str, typer.Option(help="polling, comparison or batch.")] = "polling",
    test: Annotated[
        str | None,
        typer.Option(
            help="bravo, minerva or alpha (polling, default bravo); kaplan_markov or alpha "
            "(comparison, default kaplan_markov); macro (batch)."
        ),
    ] = None,
    risk_limit: Annotated[str, typer.Option(help="The risk limit: 10% or 0.1.")] = "10%",
    ballots: Annotated[
        int | None,
        typer.Option(
            help="Ballots cast, counting those without a valid vote (default: the "
            "manifest's total, else the votes)."
        ),
    ] = None,
    probability: Annotated[
        float, typer.Option(help="Stopping probability of the planned round size.")
    ] = 0.9,
    audit: Annotated[
        str | None, typer.Option("--audit", "-a", help="Store the audit under this name.")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option(help="Ballot manifest: CSV with columns batch,ballots.")
    ] = None,
    seed: Annotated[str | None, typer.Option(help="The public random seed (e.g. dice).")] = None,
    db: DbOption = Path(DEFAULT_DB),
    output: FormatOption = Format.table,
) -> None:
    """Assertions, margins and sample sizes of an audit; with --audit, store it.

    Example: hemicycle audit plan results.csv --outcome seats:dhondt:10:5% --audit county
    --manifest manifest.csv --seed 03184327912 --risk-limit 5%
    """
    counts = read_unit_counts(str(results), ("votes",)).counts
    alpha = _risk_limit(risk_limit)
    if kind == "batch":
        plan_batch_audit(
            counts,
            outcome=outcome,
            test=test,
            alpha=alpha,
            ballots=ballots,
            audit=audit,
            manifest=manifest,
            seed=seed,
            db=db,
            output=output,
        )
        return
    test = test or ("kaplan_markov" if kind == "comparison" else "bravo")
    check_test(kind, test)
    ballot_manifest = _read_manifest(manifest) if manifest is not None else None
    total = ballots
    if total is None:
        total = ballot_manifest.total if ballot_manifest else sum(counts.values())
    if ballot_manifest is not None and ballot_manifest.total != total:
        raise DataError(f"the manifest holds {ballot_manifest.total} ballots, not {total}")
    assertions, tie = planned_assertions(outcome, counts)
    rows = plan(
        assertions, counts, total, kind=kind, test=test, alpha=alpha, probability=probability
    )
    if audit is not None:
        if tie is not None:
            raise DataError(f"{tie_text(tie)}; no sampling audit is stored")
        if ballot_manifest is None or seed is None:
            raise DataError("storing an audit needs --manifest and --seed")
        AuditStore(db).create(
            AuditRecord(
                name=audit,
                seed=seed,
                risk_limit=fraction_text(alpha),
                kind=kind,
                test=test,
                outcome=outcome,
                ballots=total,
                tally=tuple(counts.items()),
                manifest=ballot_manifest.batches,
            )
        )
    labels = list(rows[0].sizes) if rows else []
    if output is Format.json:
        print_json(
            {
                "audit": audit,
                "outcome": outcome,
                "kind": kind,
                "test": test,
                "risk_limit": fraction_text(alpha),
                "ballots": total,
                "tie": tie_json(tie),
                "full_count_required": tie is not None
                or any(None in r.sizes.values() for r in rows),
                "assertions": [r.as_json() for r in rows],
            }
        )
    elif output is Format.csv:
        print_csv(
            ["assertion", "winner_votes", "loser_votes", "share", "margin", "overturn_ballots",
             *labels],
            [
                [
                    r.assertion,
                    r.winner_votes,
                    r.loser_votes,
                    fraction_text(r.share),
                    fraction_text(r.margin),
                    r.overturn,
                    *(r.sizes.get(k) for k in labels),
                ]
                for r in rows
            ],
        )  # fmt: skip
    else:
        grid = Table(title=f"{outcome}: {kind} audit by {test}, risk limit {float(alpha):.2%}")
        for column in ("assertion", *MARGIN_COLUMNS, *labels):
            grid.add_column(column, justify="left" if column == "assertion" else "right")
        for r in rows:
            sizes = ["full count" if v is None else f"{v:,}" for v in r.sizes.values()]
            grid.add_row(r.assertion, *margin_cells(r, total), *sizes)
        print_table(grid)
        typer.echo(MARGIN_NOTE)
        if tie is not None:
            typer.echo(f"{tie_text(tie)}.")
        if audit is not None:
            typer.echo(f"audit {audit!r} stored in {db}")


@app.command("sample")
@handle_errors
def sample_command(
    audit: AuditOption,
    size: Annotated[int, typer.Option("--size", "-n", help="Ballots to draw this round.", min=1)],
    db: DbOption = Path(DEFAULT_DB),
    output: FormatOption = Format.table,
) -> None:
    """Draw the next round of the audit's sample from its seed (with replacement, as Arlo).

    Example: hemicycle audit sample --audit county --size 120
    """
    store = BatchAuditStore(db)
    with store.session():
        record = store.audit(audit)
        if record.kind == "batch":
            sample_batch_audit(store, audit, record, size, output)
            return
        previous = store.sample(audit)
        round_number = (previous[-1].round if previous else 0) + 1
        manifest = BallotManifest.of(record.manifest)
        drawn = sample_ballots(manifest, record.seed, size, already_drawn=len(previous))
        rows = [
            SampleRow(
                round=round_number,
                draw=d.draw,
                ticket=d.ticket,
                batch=d.batch,
                position=d.position,
                generation=d.generation,
            )
            for d in drawn
        ]
        store.add_sample(audit, rows)
        header = ["draw", "ticket", "batch", "position", "generation"]
        table_rows = [[r.draw, r.ticket, r.batch, r.position, r.generation] for r in rows]
        if output is Format.json:
            print_json(
                {
                    "audit": audit,
                    "round": round_number,
                    "sample_size": len(previous) + len(rows),
                    "draws": [dict(zip(header, row, strict=True)) for row in table_rows],
                }
            )
        elif output is Format.csv:
            print_csv(header, table_rows)
        else:
            grid = Table(title=f"{audit}: round {round_number}, {len(rows)} ballots to retrieve")
            for column in header:
                grid.add_column(column)
            for row in sorted(table_rows, key=lambda r: (str(r[2]), int(str(r[3])))):
                grid.add_row(*(str(v) for v in row))
            print_table(grid)


@app.command("record")
@handle_errors
def record_command(
    audit: AuditOption,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV batch,position,choice (polling) or batch,position,reported,audited "
            "(comparison); an empty choice is a ballot without a valid vote; - for stdin."
        ),
    ],
    db: DbOption = Path(DEFAULT_DB),
    output: FormatOption = Format.table,
) -> None:
    """Record what was read on sampled ballots.

    Example: hemicycle audit record --audit county round1.csv
    """
    store = BatchAuditStore(db)
    with store.session():
        record = store.audit(audit)
        if record.kind == "batch":
            record_batch_audit(store, audit, record, file, output)
            return
        columns = ["choice"] if record.kind == "polling" else ["reported", "audited"]
        name, rows = read_csv_rows(str(file), ["batch", "position", *columns])
        known = {choice for choice, _ in record.tally}
        observations = []
        for number, row in rows:
            position = row["position"].strip()
            if not position.isdigit() or int(position) < 1:
                raise DataError(
                    f"position must be a whole number >= 1 (got {position!r})",
                    file=name,
                    row=number,
                    column="position",
                )
            read = {}
            for column in columns:
                text = row[column].strip()
                if text and text not in known:
                    raise DataError(
                        f"unknown choice {text!r}; the contest's choices are "
                        f"{', '.join(sorted(known))} (empty: no valid vote)",
                        file=name,
                        row=number,
                        column=column,
                    )
                read[column] = text or None
            observations.append(
                ObservationRow(
                    batch=row["batch"],
                    position=int(position),
                    audited=read.get("choice", read.get("audited")),
                    reported=read.get("reported"),
                )
            )
        try:
            stored = store.record(audit, observations)
        except DataError as error:
            raise DataError(error.message, file=name, row=error.row) from None
        sample = store.sample(audit)
        seen = store.observations(audit)
        missing = len({(s.batch, s.position) for s in sample} - set(seen))
        if output is Format.json:
            print_json({"audit": audit, "recorded": stored, "missing": missing})
        elif output is Format.csv:
            print_csv(["audit", "recorded", "missing"], [[audit, stored, missing]])
        else:
            typer.echo(f"{stored} ballots recorded; {missing} sampled ballots still to read")


@app.command("risk")
@handle_errors
def risk_command(
    audit: AuditOption,
    db: DbOption = Path(DEFAULT_DB),
    output: FormatOption = Format.table,
) -> None:
    """Compute the risk of every assertion from the ballots read, and store it with the round.

    Example: hemicycle audit risk --audit county --format json
    """
    store = BatchAuditStore(db)
    with store.session():
        record = store.audit(audit)
        if record.kind == "batch":
            risk_batch_audit(store, audit, record, output)
            return
        sample = store.sample(audit)
        if not sample:
            raise DataError(
                f"audit {audit!r} has no sample yet; draw one with `hemicycle audit sample`"
            )
        measured = round_risk(record, sample, store.observations(audit))
        saved = save_round(store, audit, measured)
        alpha = Fraction(record.risk_limit)
        if output is Format.json:
            print_json(
                {
                    "audit": audit,
                    "round": saved.round,
                    "sample_size": saved.size,
                    "risk_limit": record.risk_limit,
                    "risks": saved.risks,
                    "max_risk": saved.max_risk,
                    "confirmed": saved.confirmed,
                }
            )
        elif output is Format.csv:
            print_csv(
                ["assertion", "risk", "confirmed"],
                [[name, value, value <= alpha] for name, value in saved.risks.items()],
            )
        else:
            grid = Table(title=f"{audit}: round {saved.round}, {saved.size} ballots")
            grid.add_column("assertion")
            grid.add_column("risk", justify="right")
            for name, value in saved.risks.items():
                grid.add_row(name, f"{value:.4g}")
            print_table(grid)
            verdict = "confirmed" if measured.confirmed else "not confirmed yet: draw another round"
            typer.echo(f"risk {saved.max_risk:.4g} against a limit of {float(alpha):g}: {verdict}")
