"""Risk-limiting audits of the file (planned and sampled with ``hemicycle audit``): their plan,
sample and risk after each round; observers record what they read on the sampled ballots, or
count in the drawn batches, in the page or through the API."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from hemicycle.errors import DataError, HemicycleError
from hemicycle.io.accounts import Permission
from hemicycle.io.audit_store import ObservationRow
from hemicycle.web import auditing
from hemicycle.web.deps import CSRF, DB, Visitor, require
from hemicycle.web.render import page, problem_rows

router = APIRouter()

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Observer = Annotated[Visitor, Depends(require(Permission.observe))]

NOT_READ = ""
NO_VOTE = "none"
"""Form values of a ballot not read yet and of a ballot without a valid vote; a choice is sent
as ``c`` and its index, so that no name of a choice can be mistaken for either."""


class BallotIn(BaseModel):
    """What was read on one sampled ballot (null: no valid vote in the contest)."""

    batch: str
    position: int = Field(ge=1)
    audited: str | None = Field(description="The choice read by hand.")
    reported: str | None = Field(default=None, description="The CVR's choice (comparison).")


class BatchCountIn(BaseModel):
    """The hand count of one drawn batch: the votes of every choice."""

    batch: str = Field(description="The batch as the audit names it (its label).")
    votes: dict[str, int]


class ReadingsIn(BaseModel):
    """Readings of a ballot-level audit (``ballots``) or hand counts of a batch audit
    (``batches``)."""

    ballots: list[BallotIn] = Field(default_factory=list)
    batches: list[BatchCountIn] = Field(default_factory=list)


def audit_or_404(db: DB, name: str) -> auditing.AuditView:
    try:
        return auditing.audit_view(db, name)
    except DataError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def _audit_page(
    request: Request,
    visitor: Visitor,
    view: auditing.AuditView,
    *,
    error: str | None = None,
    problems: list[dict[str, Any]] | None = None,
    recorded: int | None = None,
) -> Response:
    return page(
        request,
        "audit_detail.html",
        visitor,
        {
            "audit": view,
            "error": error,
            "problems": problems or [],
            "recorded": recorded,
            "NO_VOTE": NO_VOTE,
        },
        status_code=422 if error else 200,
    )


@router.get("/audits", response_class=HTMLResponse, include_in_schema=False)
def audits(request: Request, db: DB, visitor: Reader) -> Response:
    return page(request, "audits.html", visitor, {"names": auditing.audit_names(db)})


@router.get("/audits/{name}", response_class=HTMLResponse, include_in_schema=False)
def audit(
    request: Request, db: DB, visitor: Reader, name: str, recorded: int | None = None
) -> Response:
    return _audit_page(request, visitor, audit_or_404(db, name), recorded=recorded)


def _choice(value: str, choices: tuple[str, ...], field: str, number: int) -> str | None:
    """The choice a form value stands for (None: no valid vote)."""
    if value == NO_VOTE:
        return None
    index = value[1:]
    if value.startswith("c") and index.isdigit() and int(index) < len(choices):
        return choices[int(index)]
    raise DataError(f"ballot {number}: {value!r} is not a choice of this contest", column=field)


def _ballot_readings(form: Any, view: auditing.AuditView) -> list[ObservationRow]:
    batches, positions = form.getlist("batch"), form.getlist("position")
    audited = form.getlist("audited")
    comparison = view.record.kind == "comparison"
    reported = form.getlist("reported") if comparison else [NO_VOTE] * len(audited)
    if not len(batches) == len(positions) == len(audited) == len(reported):
        raise DataError("the form is incomplete: reload the page")
    readings = []
    for number, (batch, position, hand, cvr) in enumerate(
        zip(batches, positions, audited, reported, strict=True), start=1
    ):
        if hand == NOT_READ and (not comparison or cvr == NOT_READ):
            continue  # not read yet
        if hand == NOT_READ or cvr == NOT_READ:
            raise DataError(f"ballot {number}: give both the CVR and the hand reading")
        if not str(position).isdigit():
            raise DataError(f"ballot {number}: position must be a whole number (got {position!r})")
        readings.append(
            ObservationRow(
                batch=str(batch),
                position=int(position),
                audited=_choice(str(hand), view.choices, "audited", number),
                reported=_choice(str(cvr), view.choices, "reported", number)
                if comparison
                else None,
            )
        )
    return readings


def _batch_counts(form: Any, view: auditing.AuditView) -> dict[str, dict[str, int]]:
    labels = form.getlist("batch")
    columns = [form.getlist(f"votes-{j}") for j in range(len(view.choices))]
    if any(len(column) != len(labels) for column in columns):
        raise DataError("the form is incomplete: reload the page")
    counts: dict[str, dict[str, int]] = {}
    for i, label in enumerate(labels):
        cells = [str(column[i]).strip() for column in columns]
        if not any(cells):
            continue  # not counted yet
        for cell, choice in zip(cells, view.choices, strict=True):
            if not cell.isdigit():
                raise DataError(
                    f"batch {label!r}: the votes of {choice} must be a whole number >= 0 "
                    f"(got {cell!r})",
                    column=choice,
                )
        counts[str(label)] = {c: int(cell) for c, cell in zip(view.choices, cells, strict=True)}
    return counts


@router.post("/audits/{name}/observations", dependencies=[CSRF], include_in_schema=False)
async def record(request: Request, db: DB, visitor: Observer, name: str) -> Response:
    """Store the readings of the form; the risk of the round once the sample is read."""
    view = await asyncio.to_thread(audit_or_404, db, name)
    form = await request.form()
    try:
        if view.is_batch:
            counts = _batch_counts(form, view)
            result = await asyncio.to_thread(
                partial(auditing.record_counts, actor=visitor.name), db, name, counts
            )
        else:
            readings = _ballot_readings(form, view)
            result = await asyncio.to_thread(
                partial(auditing.record_ballots, actor=visitor.name), db, name, readings
            )
    except HemicycleError as error:
        fresh = await asyncio.to_thread(audit_or_404, db, name)
        return _audit_page(request, visitor, fresh, error=str(error), problems=problem_rows(error))
    return RedirectResponse(
        f"/audits/{quote(name, safe='')}?recorded={result.recorded}#rounds", status_code=303
    )


@router.get("/api/audits", tags=["api"])
def audits_json(db: DB, visitor: Reader) -> dict[str, Any]:
    """The risk-limiting audits in the file."""
    return {"audits": list(auditing.audit_names(db))}


@router.get("/api/audits/{name}", tags=["api"])
def audit_json(db: DB, visitor: Reader, name: str) -> dict[str, Any]:
    """One audit: plan, the sampled ballots (or batches) with what was read on them, and the
    risk after each round."""
    return audit_or_404(db, name).as_json()


@router.post("/api/audits/{name}/observations", status_code=201, dependencies=[CSRF], tags=["api"])
def record_json(db: DB, visitor: Observer, name: str, body: ReadingsIn) -> dict[str, Any]:
    """Record readings of sampled ballots (or hand counts of drawn batches); a later reading of
    the same ballot replaces the earlier one. Once the whole sample is read, the risk of the
    round is computed and returned (`round`), as `hemicycle audit risk` computes it."""
    view = audit_or_404(db, name)
    if view.is_batch:
        if body.ballots or not body.batches:
            raise HTTPException(status_code=422, detail=f"audit {name!r} takes batches")
        counted = auditing.record_counts(
            db, name, {b.batch: b.votes for b in body.batches}, actor=visitor.name
        )
        return counted.as_json()
    if body.batches or not body.ballots:
        raise HTTPException(status_code=422, detail=f"audit {name!r} takes ballots")
    readings = [
        ObservationRow(batch=b.batch, position=b.position, audited=b.audited, reported=b.reported)
        for b in body.ballots
    ]
    return auditing.record_ballots(db, name, readings, actor=visitor.name).as_json()


__all__ = ["NOT_READ", "NO_VOTE", "router"]
