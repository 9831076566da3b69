"""Elections (uploaded datasets): list, import, view, run an allocation, compare methods."""

from __future__ import annotations

from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
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


@router.get("/elections", response_class=HTMLResponse)
def elections(request: Request, db: DB, visitor: Reader) -> Response:
    return page(request, "elections.html", visitor, {"datasets": uploads.list_datasets(db)})


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, visitor: Writer) -> Response:
    return page(request, "import.html", visitor, {"problems": [], "message": None})


@router.post("/import", dependencies=[CSRF])
async def import_file(
    request: Request,
    db: DB,
    visitor: Writer,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form()] = "",
) -> Response:
    data = await file.read()
    try:
        dataset_id = services.import_upload(
            db, file_name=file.filename or "upload", data=data, name=name, actor=visitor.name
        )
    except uploads.UploadError as error:
        return page(
            request,
            "import.html",
            visitor,
            {
                "problems": error.problems,
                "message": f"{len(error.problems)} problem(s); nothing was stored",
            },
            status_code=422,
        )
    except HemicycleError as error:
        return page(
            request,
            "import.html",
            visitor,
            {"problems": [error], "message": "nothing was stored"},
            status_code=422,
        )
    return RedirectResponse(f"/elections/{dataset_id}", status_code=303)


def _dataset(db: DB, dataset_id: int) -> uploads.Dataset:
    dataset = uploads.get_dataset(db, dataset_id)
    if dataset is None:
        raise HTTPException(status_code=404, detail=f"no election with id {dataset_id}")
    return dataset


@router.get("/elections/{dataset_id}", response_class=HTMLResponse)
def election(request: Request, db: DB, visitor: Reader, dataset_id: int) -> Response:
    dataset = _dataset(db, dataset_id)
    return page(
        request,
        "election.html",
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


@router.post("/elections/{dataset_id}/runs", dependencies=[CSRF])
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
            "election.html",
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


@router.get("/elections/{dataset_id}/compare", response_class=HTMLResponse)
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
