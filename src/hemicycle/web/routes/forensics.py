"""Forensics of an election imported per polling station: the page with the tests, p-values,
regions flagged and plots, and the same findings as JSON (``hemicycle forensics``'s object)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse

from hemicycle.errors import DataError
from hemicycle.io.accounts import Permission
from hemicycle.web import tabulation
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import DB, Visitor, get_cache, require
from hemicycle.web.forensics import MAX_REPETITIONS, ElectionForensics, Parameters
from hemicycle.web.forensics import election_forensics as analysed
from hemicycle.web.render import page

router = APIRouter()

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Cache = Annotated[RenderCache, Depends(get_cache)]
Seed = Annotated[int, Query(ge=0, lt=2**32, description="Seed of every random draw.")]
Repetitions = Annotated[
    int,
    Query(ge=19, le=MAX_REPETITIONS, description="Monte Carlo repetitions of the integer test."),
]
Rate = Annotated[float, Query(gt=0, lt=1, description="False discovery rate across regions.")]
Model = Annotated[bool, Query(description="Fit the Klimek fraud model.")]


def _forensics(db: DB, cache: RenderCache, name: str, parameters: Parameters) -> ElectionForensics:
    try:
        tabulation.election(db, name)
    except DataError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    return analysed(db, name, parameters, cache=cache)


@router.get("/elections/{name}/forensics", response_class=HTMLResponse, include_in_schema=False)
def forensics_page(
    request: Request,
    db: DB,
    visitor: Reader,
    cache: Cache,
    name: str,
    seed: Seed = 0,
    repetitions: Repetitions = 1000,
    fdr: Rate = 0.05,
    model: Model = True,
) -> Response:
    """The forensic tests of an election's polling stations, with their plots."""
    parameters = Parameters(seed=seed, repetitions=repetitions, fdr=fdr, model=model)
    found = _forensics(db, cache, name, parameters)
    return page(request, "forensics.html", visitor, {"found": found, "name": name})


@router.get("/api/elections/{name}/forensics", tags=["api"])
def forensics_json(
    db: DB,
    visitor: Reader,
    cache: Cache,
    name: str,
    seed: Seed = 0,
    repetitions: Repetitions = 1000,
    fdr: Rate = 0.05,
    model: Model = True,
) -> dict[str, Any]:
    """Every forensic test on the election's polling stations (422 when it has none): the
    object of `hemicycle forensics --db --election --region district --format json`."""
    parameters = Parameters(seed=seed, repetitions=repetitions, fdr=fdr, model=model)
    return _forensics(db, cache, name, parameters).as_json()


__all__ = ["router"]
