"""Tables of votes or populations per unit (``name,votes``): view, allocate seats by one
method, compare methods. Uploaded through the import page."""

from __future__ import annotations

from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
)
from fastapi.responses import HTMLResponse, RedirectResponse

from hemicycle.errors import HemicycleError
from hemicycle.io import uploads
from hemicycle.io.accounts import Permission
from hemicycle.web import services
from hemicycle.web.deps import CSRF, DB, Visitor, require
from hemicycle.web.render import page

router = APIRouter(include_in_schema=False)

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Writer = Annotated[Visitor, Depends(require(Permission.write))]
SHOWN_ROWS = 200


def _dataset(db: DB, dataset_id: int) -> uploads.Dataset:
    dataset = uploads.get_dataset(db, dataset_id)
    if dataset is None:
        raise HTTPException(status_code=404, detail=f"no table with id {dataset_id}")
    return dataset


@router.get("/tables/{dataset_id}", response_class=HTMLResponse)
def table(request: Request, db: DB, visitor: Reader, dataset_id: int) -> Response:
    dataset = _dataset(db, dataset_id)
    return page(
        request,
        "table.html",
        visitor,
        {
            "dataset": dataset,
            "votes": uploads.dataset_votes(db, dataset_id),
            "rows": uploads.dataset_rows(db, dataset_id)[:SHOWN_ROWS],
            "shown": SHOWN_ROWS,
            "runs": uploads.list_runs(db, dataset_id=dataset_id),
            "methods": services.method_ids(),
            "error": None,
        },
    )


@router.post("/tables/{dataset_id}/runs", dependencies=[CSRF])
def create_run(
    request: Request,
    db: DB,
    visitor: Writer,
    dataset_id: int,
    seats: Annotated[int, Form()],
    method: Annotated[str, Form()] = "dhondt",
    threshold: Annotated[str, Form()] = "",
    first_divisor: Annotated[str, Form()] = "",
    tie_break: Annotated[str, Form()] = "refuse",
) -> Response:
    dataset = _dataset(db, dataset_id)
    try:
        parameters = services.ApportionParameters(
            method=method,
            seats=seats,
            threshold=threshold or None,
            first_divisor=first_divisor or None,
            tie_break=tie_break or "refuse",
        )
        run = services.create_run(db, dataset_id, parameters, actor=visitor.name)
    except (HemicycleError, ValueError) as error:
        return page(
            request,
            "table.html",
            visitor,
            {
                "dataset": dataset,
                "votes": uploads.dataset_votes(db, dataset_id),
                "rows": uploads.dataset_rows(db, dataset_id)[:SHOWN_ROWS],
                "shown": SHOWN_ROWS,
                "runs": uploads.list_runs(db, dataset_id=dataset_id),
                "methods": services.method_ids(),
                "error": str(error),
            },
            status_code=422,
        )
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


@router.get("/tables/{dataset_id}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    db: DB,
    visitor: Reader,
    dataset_id: int,
    seats: int | None = None,
    method: Annotated[list[str] | None, Query()] = None,
    threshold: str = "",
) -> Response:
    dataset = _dataset(db, dataset_id)
    comparison = None
    if seats is not None:
        parameters = services.ApportionParameters(
            seats=seats, threshold=threshold or None, tie_break="refuse"
        )
        comparison = services.compare(
            db, dataset_id, method or ["dhondt", "sainte_lague", "hare"], parameters
        )
    return page(
        request,
        "compare.html",
        visitor,
        {
            "dataset": dataset,
            "comparison": comparison,
            "methods": services.method_ids(),
            "chosen": method or ["dhondt", "sainte_lague", "hare"],
            "seats": seats,
            "threshold": threshold,
        },
    )
