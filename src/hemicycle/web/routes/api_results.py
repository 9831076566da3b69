"""The JSON API of elections, laws and outcomes (the results store), and of the power,
coalitions, offices and disproportionality of an outcome's seats."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, Field

from hemicycle.analysis.disproportionality import list_votes
from hemicycle.errors import DataError
from hemicycle.io import audit_log, uploads
from hemicycle.io.accounts import Permission
from hemicycle.io.store import StoredOutcome
from hemicycle.report.model import record_sha256
from hemicycle.web import analysis, tabulation
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import CSRF, DB, CurrentVisitor, Visitor, get_cache, require
from hemicycle.web.routes.outcomes import visible_outcome

router = APIRouter(prefix="/api", tags=["api"])

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Writer = Annotated[Visitor, Depends(require(Permission.write))]
Observer = Annotated[Visitor, Depends(require(Permission.observe))]
Cache = Annotated[RenderCache, Depends(get_cache)]


class TabulateIn(BaseModel):
    """A law to apply: a preset id, or the TOML text of a law (which wins when both given)."""

    law: str | None = Field(default=None, description="A preset id; see GET /api/laws.")
    law_text: str | None = Field(default=None, description="The TOML text of a law.")
    partial: bool = Field(default=False, description="Count only districts with results.")
    seed: str | None = Field(default=None, description="Seed of every drawing of lots.")


class LawIn(BaseModel):
    text: str = Field(description="The TOML text of a law.")


class ObservationIn(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


def _election_or_404(db: DB, name: str) -> dict[str, Any]:
    try:
        return tabulation.election(db, name).as_json()
    except DataError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


def outcome_json(db: DB, stored: StoredOutcome) -> dict[str, Any]:
    """A stored outcome with its provenance, SHA-256 and publication."""
    published = uploads.publication(db, stored.id)
    return {
        **stored.as_json(),
        "sha256": record_sha256(stored.outcome),
        "published": published is not None,
        "published_by": published.published_by if published else None,
        "published_at": published.published_at.isoformat() if published else None,
    }


@router.get("/laws")
def laws() -> dict[str, Any]:
    """The preset laws (their text: GET /laws/{id}.toml)."""
    return {"laws": tabulation.law_summaries()}


@router.post("/laws/check")
def check_law(body: LawIn) -> dict[str, Any]:
    """Check a law's text; 422 with the problems, pointing into the text, when it is wrong."""
    loaded = tabulation.law_from_text(body.text)
    return {"id": loaded.law.id, "seats": loaded.law.total_seats, "sha256": loaded.sha256}


@router.get("/elections")
def list_elections(db: DB, visitor: Reader) -> list[dict[str, Any]]:
    """Every election of the results store (imported here or with `hemicycle import`)."""
    return [e.as_json() for e in tabulation.elections(db)]


@router.post("/elections", status_code=201, dependencies=[CSRF])
async def import_election(
    db: DB,
    visitor: Writer,
    cache: Cache,
    file: Annotated[UploadFile, File(description="Results: district,list,candidate,votes")],
    name: Annotated[str, Form()] = "",
    candidates: Annotated[UploadFile | None, File()] = None,
    totals: Annotated[UploadFile | None, File()] = None,
    seats: Annotated[UploadFile | None, File()] = None,
    replace: Annotated[bool, Form()] = False,
) -> dict[str, Any]:
    """Import results (and candidates, totals, seats); every problem is listed with its file,
    row and column, and nothing is stored."""
    files = {"results": (file.filename or "results.csv", await file.read())}
    for role, upload in (("candidates", candidates), ("totals", totals), ("seats", seats)):
        if upload is not None and upload.filename:
            files[role] = (upload.filename, await upload.read())
    report = await asyncio.to_thread(
        partial(tabulation.import_election, name=name, actor=visitor.name, replace=replace),
        db,
        files,
        cache=cache,
    )
    return report.as_json()


@router.get("/elections/{name}")
def get_election(db: DB, visitor: Reader, name: str) -> dict[str, Any]:
    """One election with its votes per list."""
    summary = _election_or_404(db, name)
    summary["votes"] = list_votes(tabulation.election_results(db, name))
    return summary


@router.post("/elections/{name}/outcomes", status_code=201, dependencies=[CSRF])
def tabulate(db: DB, visitor: Writer, cache: Cache, name: str, body: TabulateIn) -> dict[str, Any]:
    """Apply a law to the election and store the outcome with its provenance (unpublished)."""
    _election_or_404(db, name)
    law = tabulation.choose_law(body.law, body.law_text)
    stored = tabulation.tabulate_election(
        db, name, law, actor=visitor.name, partial=body.partial, seed=body.seed, cache=cache
    )
    return outcome_json(db, stored)


@router.get("/elections/{name}/compare")
def compare(
    db: DB,
    visitor: Reader,
    name: str,
    law: Annotated[list[str], Query(description="Two or more preset ids.")],
    partial: bool = False,
    seed: str | None = None,
) -> dict[str, Any]:
    """Seats of the election under each law (what-if); nothing is stored."""
    _election_or_404(db, name)
    loaded = [tabulation.choose_law(spec, None) for spec in law]
    return tabulation.compare_laws(db, name, loaded, partial=partial, seed=seed).as_json()


@router.get("/outcomes")
def list_outcomes(db: DB, visitor: CurrentVisitor, cache: Cache) -> list[dict[str, Any]]:
    """Outcomes, newest first: published ones for the public, all for the other roles."""
    published_only = not visitor.can(Permission.read_all)
    return [
        outcome_json(db, o)
        for o in tabulation.outcomes(db, published_only=published_only, cache=cache)
    ]


@router.get("/outcomes/{outcome_id}")
def get_outcome(db: DB, visitor: CurrentVisitor, cache: Cache, outcome_id: int) -> dict[str, Any]:
    """One outcome with its provenance (404 for the public unless it is published)."""
    return outcome_json(db, visible_outcome(db, visitor, outcome_id, cache))


@router.post("/outcomes/{outcome_id}/publish", dependencies=[CSRF])
def publish(db: DB, visitor: Writer, cache: Cache, outcome_id: int) -> dict[str, Any]:
    """Publish an outcome (once)."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    tabulation.publish(db, stored, actor=visitor.name, cache=cache)
    return outcome_json(db, stored)


@router.post("/outcomes/{outcome_id}/observations", status_code=201, dependencies=[CSRF])
def observe(
    db: DB, visitor: Observer, cache: Cache, outcome_id: int, body: ObservationIn
) -> dict[str, Any]:
    """Record an observation about an outcome in the audit log."""
    visible_outcome(db, visitor, outcome_id, cache)
    audit_log.record(
        db,
        actor=visitor.name,
        action="observation",
        target=f"outcome:{outcome_id}",
        details={"text": body.text},
    )
    return {"outcome": outcome_id, "text": body.text}


@router.get("/outcomes/{outcome_id}/power")
def power(
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    quota: str = "majority",
    index: str = "banzhaf",
    axis: str = "",
) -> dict[str, Any]:
    """Exact voting power of the lists with seats, minimal winning coalitions and, given a
    left-to-right ``axis``, minimal connected winning coalitions."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    return analysis.seat_power(
        stored.outcome["seats"], quota=quota, index=index, axis=axis
    ).as_json()


@router.get("/outcomes/{outcome_id}/disproportionality")
def disproportionality(
    db: DB, visitor: CurrentVisitor, cache: Cache, outcome_id: int
) -> dict[str, Any]:
    """Gallagher, Loosemore-Hanby, Rae, Sainte-Laguë and D'Hondt indices, effective numbers of
    parties and advantage ratios of the seats against the election's votes per list, exactly
    (`hemicycle analyze`'s object)."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    return analysis.outcome_disproportionality(db, stored).as_json()


@router.get("/outcomes/{outcome_id}/offices")
def offices(
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    count: int | None = None,
    method: str = "dhondt",
    office: Annotated[list[str] | None, Query(description="Offices in order.")] = None,
) -> dict[str, Any]:
    """Offices filled one by one from the seats (`hemicycle offices`'s JSON)."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    if count is None and not office:
        raise HTTPException(status_code=422, detail="give count or office")
    allocation = analysis.seat_offices(
        db, stored, count=count, method=method, offices="\n".join(office or ())
    )
    return allocation.as_json()


__all__ = ["outcome_json", "router"]
