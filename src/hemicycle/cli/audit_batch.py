"""``hemicycle audit plan|sample|record|risk`` for batch-comparison audits (MACRO).

``plan --kind batch --manifest batches.csv`` reads a *batch manifest*: one row per batch with
the columns ``batch``, ``ballots``, one column per choice of the results (the reported votes in
the batch) and optionally ``jurisdiction``. ``sample`` draws batches as Arlo does
(:mod:`hemicycle.audit.batch_sampling`); ``record`` reads hand counts with the columns
``batch`` (and ``jurisdiction``) and one per choice; ``risk`` stores the MACRO risk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import typer
from rich.table import Table

from hemicycle.audit.batch_sampling import BatchKey
from hemicycle.audit.batch_workflow import (
    MACRO_RISK,
    batch_plan,
    batch_round_risk,
    draw_batches,
)
from hemicycle.audit.macro import BatchCount
from hemicycle.audit.workflow import PlanRow, outcome_assertions, planned_assertions
from hemicycle.cli.common import Format, print_csv, print_json, print_table
from hemicycle.core.result import fraction_text
from hemicycle.errors import DataError, TieError
from hemicycle.io import read_csv_rows
from hemicycle.io.audit_batch_store import BatchAuditStore, BatchRow
from hemicycle.io.audit_store import AuditRecord, SampleRow
from hemicycle.io.tables import parse_count
from hemicycle.web.auditing import save_round


def read_batch_manifest(path: Path, choices: Sequence[str]) -> list[BatchRow]:
    """The batches of a batch manifest, each with its ballots and reported votes."""
    name, rows = read_csv_rows(str(path), ["batch", "ballots", *choices], ["jurisdiction"])
    batches: list[BatchRow] = []
    seen: set[tuple[str, str]] = set()
    labels: set[str] = set()
    for number, row in rows:
        batch, jurisdiction = row["batch"], row.get("jurisdiction", "")
        if not batch.strip():
            raise DataError("batch is empty", file=name, row=number, column="batch")
        label = f"{jurisdiction}: {batch}" if jurisdiction else batch
        if (jurisdiction, batch) in seen or label in labels:
            raise DataError(f"batch {batch!r} appears twice", file=name, row=number, column="batch")
        seen.add((jurisdiction, batch))
        labels.add(label)
        ballots = parse_count(row["ballots"], file=name, row=number, column="ballots")
        votes = tuple((c, parse_count(row[c], file=name, row=number, column=c)) for c in choices)
        if sum(v for _, v in votes) > ballots:
            raise DataError(
                f"{sum(v for _, v in votes)} votes in a batch of {ballots} ballots",
                file=name,
                row=number,
                column="ballots",
            )
        batches.append(
            BatchRow(
                label=label, jurisdiction=jurisdiction, name=batch, ballots=ballots, votes=votes
            )
        )
    return batches


def _counts(rows: Sequence[BatchRow]) -> dict[BatchKey, BatchCount]:
    return {
        (r.jurisdiction, r.name): BatchCount(ballots=r.ballots, votes=dict(r.votes)) for r in rows
    }


MARGIN_COLUMNS = ("assorter margin", "ballots to overturn")
MARGIN_NOTE = (
    "assorter margin: 2 x the assorter's mean - 1, what the sample sizes depend on (for "
    "plurality, the vote margin over all ballots); ballots to overturn: the fewest ballots "
    "whose reading must change for the assertion to fail, and their share of all ballots"
)


def margin_cells(row: PlanRow, ballots: int) -> tuple[str, str]:
    """The plan table's margin cells: the assorter margin as a number (it can exceed 1), and
    the ballots that would overturn the assertion with their share of all ballots."""
    share = row.overturn / ballots if ballots else 0.0
    return f"{float(row.margin):.4f}", f"{row.overturn:,} ({share:.2%})"


def tie_text(tie: TieError) -> str:
    """What a tied seat means for the audit."""
    names = " and ".join(sorted(tie.tied))
    return (
        f"seat {tie.seat} is tied between {names} in the reported votes: a tie is a zero "
        "margin, which no sample can confirm; only a full hand count can"
    )


def tie_json(tie: TieError | None) -> dict[str, object] | None:
    """A tied seat in the plan's JSON (None without one)."""
    if tie is None:
        return None
    return {"seat": tie.seat, "tied": sorted(tie.tied), "places": tie.places}


def plan_batch_audit(
    counts: Mapping[str, int],
    *,
    outcome: str,
    test: str | None,
    alpha: Fraction,
    ballots: int | None,
    audit: str | None,
    manifest: Path | None,
    seed: str | None,
    db: Path,
    output: Format,
) -> None:
    """Plan (and with ``audit``, store) a batch-comparison audit."""
    if test not in (None, "macro"):
        raise DataError(f"a batch audit uses macro (got {test!r})")
    if manifest is None:
        raise DataError("a batch audit needs --manifest: batch,ballots and a column per choice")
    rows = read_batch_manifest(manifest, list(counts))
    total = sum(r.ballots for r in rows)
    if ballots is not None and ballots != total:
        raise DataError(f"the manifest holds {total} ballots, not {ballots}")
    assertions, tie = planned_assertions(outcome, counts)
    try:
        plan_rows, size = batch_plan(assertions, counts, _counts(rows), alpha=alpha)
    except DataError as error:
        raise DataError(error.message, file=str(manifest)) from None
    if audit is not None:
        if tie is not None:
            raise DataError(f"{tie_text(tie)}; no sampling audit is stored")
        if seed is None:
            raise DataError("storing an audit needs --seed")
        BatchAuditStore(db).create_batch_audit(
            AuditRecord(
                name=audit,
                seed=seed,
                risk_limit=fraction_text(alpha),
                kind="batch",
                test="macro",
                outcome=outcome,
                ballots=total,
                tally=tuple(counts.items()),
                manifest=tuple((r.label, r.ballots) for r in rows),
            ),
            rows,
        )
    if output is Format.json:
        print_json(
            {
                "audit": audit,
                "outcome": outcome,
                "kind": "batch",
                "test": "macro",
                "risk_limit": fraction_text(alpha),
                "ballots": total,
                "batches": len(rows),
                "sample_size": size,
                "tie": tie_json(tie),
                "full_count_required": any(r.sizes["batches"] is None for r in plan_rows),
                "assertions": [r.as_json() for r in plan_rows],
            }
        )
    elif output is Format.csv:
        print_csv(
            [
                "assertion",
                "winner_votes",
                "loser_votes",
                "share",
                "margin",
                "overturn_ballots",
                "batches",
            ],
            [
                [
                    r.assertion,
                    r.winner_votes,
                    r.loser_votes,
                    fraction_text(r.share),
                    fraction_text(r.margin),
                    r.overturn,
                    r.sizes["batches"],
                ]
                for r in plan_rows
            ],
        )
    else:
        grid = Table(title=f"{outcome}: batch comparison by MACRO, risk limit {float(alpha):.2%}")
        for column in ("assertion", *MARGIN_COLUMNS, "batches"):
            grid.add_column(column, justify="left" if column == "assertion" else "right")
        for r in plan_rows:
            needed = r.sizes["batches"]
            grid.add_row(
                r.assertion,
                *margin_cells(r, total),
                "full count" if needed is None else f"{needed:,}",
            )
        print_table(grid)
        typer.echo(MARGIN_NOTE)
        if tie is not None:
            typer.echo(f"{tie_text(tie)}.")
        typer.echo(f"draw {size:,} of {len(rows):,} batches if none holds an error")
        if audit is not None:
            typer.echo(f"audit {audit!r} stored in {db}")


def sample_batch_audit(
    store: BatchAuditStore, audit: str, record: AuditRecord, size: int, output: Format
) -> None:
    """Draw the next round of batches and store it."""
    rows = store.batches(audit)
    key_of = {r.label: (r.jurisdiction, r.name) for r in rows}
    label_of = {key: label for label, key in key_of.items()}
    previous = store.sample(audit)
    round_number = (previous[-1].round if previous else 0) + 1
    tally = dict(record.tally)
    drawn = draw_batches(
        outcome_assertions(record.outcome, tally),
        _counts(rows),
        record.seed,
        size,
        previous=[key_of[s.batch] for s in previous],
    )
    store.add_sample(
        audit,
        [
            SampleRow(
                round=round_number,
                draw=d.draw,
                ticket=d.ticket,
                batch=label_of[(d.jurisdiction, d.batch)],
                position=0,
                generation=d.generation,
            )
            for d in drawn
        ],
    )
    full_count = len(previous) + size >= len(rows)
    header = ["draw", "ticket", "jurisdiction", "batch", "generation"]
    table_rows = [[d.draw, d.ticket, d.jurisdiction, d.batch, d.generation] for d in drawn]
    if output is Format.json:
        print_json(
            {
                "audit": audit,
                "round": round_number,
                "sample_size": len(previous) + len(drawn),
                "full_count": full_count,
                "draws": [dict(zip(header, row, strict=True)) for row in table_rows],
            }
        )
    elif output is Format.csv:
        print_csv(header, table_rows)
    else:
        what = "every batch not drawn yet (full count)" if full_count else f"{len(drawn)} draws"
        grid = Table(title=f"{audit}: round {round_number}, {what}")
        for column in header:
            grid.add_column(column)
        for row in sorted(table_rows, key=lambda r: (str(r[2]), str(r[3]), int(str(r[0])))):
            grid.add_row(*(str(v) for v in row))
        print_table(grid)


def record_batch_audit(
    store: BatchAuditStore, audit: str, record: AuditRecord, file: Path, output: Format
) -> None:
    """Store hand counts of drawn batches: ``batch[,jurisdiction],CHOICE…``."""
    choices = [choice for choice, _ in record.tally]
    known = {(r.jurisdiction, r.name): r for r in store.batches(audit)}
    drawn = {s.batch for s in store.sample(audit)}
    name, rows = read_csv_rows(str(file), ["batch", *choices], ["jurisdiction"])
    counts: list[BatchRow] = []
    seen: set[tuple[str, str]] = set()
    for number, row in rows:
        key = (row.get("jurisdiction", ""), row["batch"])
        if key not in known:
            raise DataError(
                f"batch {key[1]!r} is not in the manifest", file=name, row=number, column="batch"
            )
        if key in seen:
            raise DataError(
                f"batch {key[1]!r} appears twice", file=name, row=number, column="batch"
            )
        seen.add(key)
        if known[key].label not in drawn:
            raise DataError(
                f"batch {key[1]!r} has not been drawn", file=name, row=number, column="batch"
            )
        votes = tuple((c, parse_count(row[c], file=name, row=number, column=c)) for c in choices)
        reported = known[key]
        counts.append(
            BatchRow(
                label=reported.label,
                jurisdiction=key[0],
                name=key[1],
                ballots=reported.ballots,
                votes=votes,
            )
        )
    stored = store.record_counts(audit, counts)
    counted = store.counted(audit)
    missing = len({s.batch for s in store.sample(audit)} - set(counted))
    if output is Format.json:
        print_json({"audit": audit, "recorded": stored, "missing": missing})
    elif output is Format.csv:
        print_csv(["audit", "recorded", "missing"], [[audit, stored, missing]])
    else:
        typer.echo(f"{stored} batches recorded; {missing} drawn batches still to count")


def risk_batch_audit(
    store: BatchAuditStore, audit: str, record: AuditRecord, output: Format
) -> None:
    """Compute the MACRO risk from the batches counted and store it with the round."""
    sample = store.sample(audit)
    if not sample:
        raise DataError(
            f"audit {audit!r} has no sample yet; draw one with `hemicycle audit sample`"
        )
    measured, found = batch_round_risk(record, store.batches(audit), sample, store.counted(audit))
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
                "full_count": found.full_count,
                "overturned": found.overturned,
            }
        )
    elif output is Format.csv:
        print_csv(
            ["assertion", "risk", "confirmed"], [[MACRO_RISK, saved.max_risk, measured.confirmed]]
        )
    else:
        if found.overturned:
            verdict = "the full hand count contradicts the reported outcome"
        elif measured.confirmed:
            verdict = "confirmed"
        else:
            verdict = "not confirmed yet: draw another round"
        typer.echo(
            f"{audit}: round {saved.round}, {saved.size} batch draws: MACRO risk "
            f"{saved.max_risk:.4g} against a limit of {float(alpha):g}: {verdict}"
        )


__all__ = [
    "plan_batch_audit",
    "read_batch_manifest",
    "record_batch_audit",
    "risk_batch_audit",
    "sample_batch_audit",
]
