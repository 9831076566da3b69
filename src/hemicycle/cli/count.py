"""``hemicycle count``: elect candidates from ballots (STV, IRV, SNTV, block vote, FPTP)."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hemicycle.cli.common import (
    Format,
    FormatOption,
    handle_errors,
    print_csv,
    print_json,
    print_table,
)
from hemicycle.core.ballots import Ballots, RankedBallot
from hemicycle.core.candidates import (
    CandidateCount,
    block_tally,
    block_vote,
    decimal_text,
    first_past_the_post,
    sntv,
)
from hemicycle.core.irv import instant_runoff
from hemicycle.core.stv import stv
from hemicycle.core.stv_rules import resolve_rules
from hemicycle.errors import DataError
from hemicycle.io.ballots import BallotFile, TallyFile, read_ballots_or_tally


class CountMethod(StrEnum):
    """Candidate methods of ``hemicycle count``."""

    stv = "stv"
    irv = "irv"
    sntv = "sntv"
    block = "block"
    fptp = "fptp"


class Transfer(StrEnum):
    """STV transfer rules."""

    gregory = "gregory"
    wigm = "wigm"
    meek = "meek"


class Rules(StrEnum):
    """STV rules of a law."""

    scottish = "scottish"
    northern_ireland = "northern_ireland"


class History(StrEnum):
    """How earlier stages separate tied candidates."""

    forward = "forward"
    backward = "backward"
    none = "none"


@handle_errors
def count(
    ballots: Annotated[
        Path,
        typer.Argument(
            help="Ballots: CSV weight,rank1,rank2,… or a BLT file; for sntv, block and fptp "
            "also CSV name,votes; - for stdin."
        ),
    ],
    seats: Annotated[
        int | None,
        typer.Option("--seats", "-n", help="Seats to fill (default: the BLT header).", min=1),
    ] = None,
    method: Annotated[CountMethod, typer.Option("--method", "-m", help="Counting method.")] = (
        CountMethod.stv
    ),
    transfer: Annotated[
        Transfer | None, typer.Option(help="STV transfer: gregory (last parcel), wigm or meek.")
    ] = None,
    rules: Annotated[
        Rules | None,
        typer.Option(help="STV rules of a law: scottish (SSI 2007/42) or northern_ireland."),
    ] = None,
    tie_break: Annotated[
        str,
        typer.Option(
            help="Ties left by the law's rule: refuse, votes (first preferences), or lot:SEED."
        ),
    ] = "refuse",
    tie_history: Annotated[
        History | None,
        typer.Option(help="Separate tied candidates by earlier stages first (not with --rules)."),
    ] = None,
    certificate: Annotated[
        bool,
        typer.Option(
            help="Add the certificate (the decisive comparisons; check: hemicycle verify)."
        ),
    ] = False,
    output: FormatOption = Format.table,
) -> None:
    """Elect candidates from ballots and print the elected and the stage-by-stage count.

    Example: hemicycle count ward.blt --seats 3 --method stv --rules scottish --tie-break lot:7
    --format json --certificate > ward.json && hemicycle verify ward.json
    """
    data = read_ballots_or_tally(str(ballots))
    if rules is not None and tie_history is not None:
        raise DataError("--tie-history is fixed by --rules; give one or the other")
    if method is not CountMethod.stv and (transfer or rules):
        raise DataError(f"--transfer and --rules apply to stv only (method {method.value!r})")
    history = None if tie_history in (None, History.none) else str(tie_history)
    result = _run(data, seats, method, transfer, rules, tie_break, history)
    title = data.title if isinstance(data, BallotFile) else None
    render(result, output, title=title, certificate=certificate)


def _run(
    data: BallotFile | TallyFile,
    seats: int | None,
    method: CountMethod,
    transfer: Transfer | None,
    rules: Rules | None,
    tie_break: str,
    history: str | None,
) -> CandidateCount:
    if isinstance(data, TallyFile):
        if method in (CountMethod.stv, CountMethod.irv):
            raise DataError(
                f"{method.value} needs ranked ballots (weight,rank1,…), not name,votes",
                file=data.file,
            )
        return _plurality(method, data.votes, seats, tie_break, valid=None)
    box = Ballots(
        candidates=data.candidates,
        ballots=tuple(RankedBallot(ranking=r, weight=w) for r, w in data.rankings),
        withdrawn=frozenset(data.withdrawn),
        title=data.title,
        seats=data.seats,
    )
    if seats is None:
        seats = data.seats
    if method is CountMethod.irv:
        if seats not in (None, 1):
            raise DataError(f"irv fills one seat (got --seats {seats}); use stv for more")
        return instant_runoff(box, tie_break=tie_break, tie_history=history)
    if method is CountMethod.stv:
        if seats is None:
            raise DataError("give --seats (the file does not declare them)", file=data.file)
        if rules is not None:
            return stv(
                box,
                seats,
                transfer=transfer.value if transfer else None,
                rules=rules.value,
                tie_break=tie_break,
            )
        base = resolve_rules(transfer.value if transfer else None)
        return stv(box, seats, rules=replace(base, tie_history=history), tie_break=tie_break)
    if method is CountMethod.block:
        if seats is None:
            raise DataError("give --seats (the file does not declare them)", file=data.file)
        return block_vote(block_tally(box, seats), seats, tie_break=tie_break, valid=box.total)
    return _plurality(method, box.first_preferences(), seats, tie_break, valid=box.total)


def _plurality(
    method: CountMethod,
    votes: dict[str, int],
    seats: int | None,
    tie_break: str,
    *,
    valid: int | None,
) -> CandidateCount:
    if method is CountMethod.fptp:
        if seats not in (None, 1):
            raise DataError(f"fptp fills one seat (got --seats {seats}); use sntv or block")
        return first_past_the_post(votes, tie_break=tie_break)
    if seats is None:
        raise DataError(f"give --seats for {method.value}")
    if method is CountMethod.block:
        return block_vote(votes, seats, tie_break=tie_break, valid=valid)
    return sntv(votes, seats, tie_break=tie_break)


def _number(value: Fraction) -> str:
    """Exact text for CSV: a decimal when it has at most 9 places, else ``p/q``."""
    text = decimal_text(value, 9)
    if text.endswith("…"):
        return f"{value.numerator}/{value.denominator}"
    return text


def render(
    result: CandidateCount, output: Format, *, title: str | None = None, certificate: bool = False
) -> None:
    """Print a candidate count as one JSON object (with its certificate when asked for), a CSV
    stage table, or tables for people."""
    if output is Format.json:
        payload = result.as_json()
        if title is not None:
            payload["title"] = title
        if certificate:
            payload["certificate"] = result.certificate.as_json()
        print_json(payload)
        return
    elected = set(result.elected)
    excluded = set(result.excluded)

    def status(candidate: str) -> str:
        if candidate in elected:
            return f"elected ({result.elected.index(candidate) + 1})"
        return "excluded" if candidate in excluded else "not elected"

    lost = Fraction(0)
    lost_by_stage = []
    for stage in result.stages:
        lost += stage.non_transferable
        lost_by_stage.append(lost)
    if output is Format.csv:
        header = ["candidate"] + [f"stage {s.number}" for s in result.stages] + ["status"]
        rows: list[list[object]] = [
            [c, *(_number(s.totals.get(c, Fraction(0))) for s in result.stages), status(c)]
            for c in result.candidates
        ]
        rows.append(["non-transferable", *(_number(v) for v in lost_by_stage), ""])
        print_csv(header, rows)
        return
    heading = f"{result.method}: {result.seats} seat{'s' if result.seats != 1 else ''}"
    if result.quota is not None:
        heading += f", quota {decimal_text(result.quota)}"
    grid = Table(title=f"{title}: {heading}" if title else heading)
    grid.add_column("candidate")
    for stage in result.stages:
        label = f"{stage.number}"
        if stage.action != "first":
            label += f"\n{stage.action}\n{', '.join(stage.subjects)}"
        grid.add_column(label, justify="right")
    grid.add_column("status")
    for candidate in result.candidates:
        cells = []
        for stage in result.stages:
            change = stage.changes.get(candidate, Fraction(0))
            total = decimal_text(stage.totals.get(candidate, Fraction(0)))
            cells.append(
                total
                if stage.action == "first" or change == 0
                else f"{'+' if change > 0 else ''}{decimal_text(change)}\n{total}"
            )
        grid.add_row(candidate, *cells, status(candidate))
    grid.add_row("non-transferable", *(decimal_text(v) for v in lost_by_stage), "")
    print_table(grid)
    typer.echo(f"elected: {', '.join(result.elected)}")
    for step in result.steps:
        typer.echo(f"  {step.text}")
    if certificate:
        decisions = len(result.certificate.decisions)
        typer.echo(
            f"certificate: {decisions} decisive comparisons (check the JSON with hemicycle verify)"
        )
