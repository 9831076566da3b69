"""Elections of the results store: list, import, view, count under a law, compare laws."""

from __future__ import annotations

import asyncio
import functools
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from hemicycle.analysis.disproportionality import list_votes
from hemicycle.errors import DataError, HemicycleError, LawError
from hemicycle.io import uploads
from hemicycle.io.accounts import Permission
from hemicycle.law import preset_ids
from hemicycle.report.hemicycle_svg import hemicycle_svg
from hemicycle.web import services, tabulation
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import CSRF, DB, Visitor, get_cache, require
from hemicycle.web.render import page, problem_rows

router = APIRouter(include_in_schema=False)

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]
Writer = Annotated[Visitor, Depends(require(Permission.write))]


def election_path(name: str) -> str:
    """The page of an election (names in any script, escaped for the URL)."""
    return f"/elections/{quote(name, safe='')}"


@router.get("/elections", response_class=HTMLResponse)
def elections(request: Request, db: DB, visitor: Reader) -> Response:
    return page(
        request,
        "elections.html",
        visitor,
        {"elections": tabulation.elections(db), "tables": uploads.list_datasets(db)},
    )


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, visitor: Writer) -> Response:
    return page(request, "import.html", visitor, {"problems": [], "message": None})


async def _read(upload: UploadFile | None) -> tuple[str, bytes] | None:
    if upload is None or not upload.filename:
        return None
    return upload.filename, await upload.read()


@router.post("/import", dependencies=[CSRF])
async def import_file(
    request: Request,
    db: DB,
    visitor: Writer,
    cache: Annotated[RenderCache, Depends(get_cache)],
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form()] = "",
    candidates: Annotated[UploadFile | None, File()] = None,
    totals: Annotated[UploadFile | None, File()] = None,
    seats: Annotated[UploadFile | None, File()] = None,
    replace: Annotated[bool, Form()] = False,
) -> Response:
    """Tidy results (with their other files) become an election of the results store; a
    ``name,votes`` table becomes a table to allocate by one method."""
    data = await file.read()
    file_name = file.filename or "upload.csv"
    try:
        uploads.check_format(file_name)
        if uploads.upload_kind(file_name, data) == uploads.VOTES:
            dataset_id = await asyncio.to_thread(
                partial(services.import_upload, name=name, actor=visitor.name),
                db,
                file_name=file_name,
                data=data,
            )
            return RedirectResponse(f"/tables/{dataset_id}", status_code=303)
        files = {"results": (file_name, data)}
        for role, upload in (("candidates", candidates), ("totals", totals), ("seats", seats)):
            given = await _read(upload)
            if given is not None:
                files[role] = given
        report = await asyncio.to_thread(
            partial(tabulation.import_election, name=name, actor=visitor.name, replace=replace),
            db,
            files,
            cache=cache,
        )
    except HemicycleError as error:
        problems = problem_rows(error)
        return page(
            request,
            "import.html",
            visitor,
            {"problems": problems, "message": f"{len(problems)} problem(s); nothing was stored"},
            status_code=422,
        )
    return RedirectResponse(election_path(report.election), status_code=303)


def _election_context(db: DB, name: str) -> dict[str, Any]:
    summary = tabulation.election(db, name)
    results = tabulation.election_results(db, name)
    return {
        "election": summary,
        "votes": list_votes(results),
        "outcomes": [
            o for o in tabulation.outcomes(db, published_only=False) if o.election == name
        ],
        "published": uploads.publications(db),
        "presets": preset_ids(),
        "law_error": None,
        "law_text": "",
        "chosen": "",
    }


def _election_or_404(db: DB, name: str) -> dict[str, Any]:
    from fastapi import HTTPException

    try:
        return _election_context(db, name)
    except DataError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/elections/{name}", response_class=HTMLResponse)
def election(request: Request, db: DB, visitor: Reader, name: str) -> Response:
    return page(request, "election.html", visitor, _election_or_404(db, name))


@router.get("/laws/{preset}.toml", response_class=PlainTextResponse)
def law_text(preset: str) -> Response:
    """The text of a preset law (to read, or to start a law of one's own from)."""
    return PlainTextResponse(tabulation.preset_text(preset), media_type="text/plain")


@router.post("/elections/{name}/outcomes", dependencies=[CSRF])
async def tabulate(
    request: Request,
    db: DB,
    visitor: Writer,
    cache: Annotated[RenderCache, Depends(get_cache)],
    name: str,
    preset: Annotated[str, Form()] = "",
    law_text: Annotated[str, Form()] = "",
    law_file: Annotated[UploadFile | None, File()] = None,
    partial: Annotated[bool, Form()] = False,
    seed: Annotated[str, Form()] = "",
) -> Response:
    """Count the election under the chosen law; a law with errors is shown again with them."""
    context = await asyncio.to_thread(_election_or_404, db, name)
    uploaded = await _read(law_file)
    text = law_text
    if uploaded is not None:
        try:
            text = uploaded[1].decode("utf-8")
        except UnicodeDecodeError:
            text = ""
            context["law_error"] = f"{uploaded[0]}: is not UTF-8 text"
    if context["law_error"] is None:
        try:
            law = tabulation.choose_law(preset, text)
            stored = await asyncio.to_thread(
                functools.partial(
                    tabulation.tabulate_election,
                    actor=visitor.name,
                    partial=partial,
                    seed=seed or None,
                    cache=cache,
                ),
                db,
                name,
                law,
            )
            return RedirectResponse(f"/outcomes/{stored.id}", status_code=303)
        except LawError as error:
            context["law_error"] = str(error)
        except HemicycleError as error:
            context["law_error"] = str(error)
    context.update(law_text=text, chosen=preset)
    return page(request, "election.html", visitor, context, status_code=422)


@router.get("/elections/{name}/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    db: DB,
    visitor: Reader,
    name: str,
    law: Annotated[list[str] | None, Query()] = None,
    partial: bool = False,
    seed: str = "",
) -> Response:
    context = _election_or_404(db, name)
    comparison = None
    error = None
    diagrams: dict[str, str] = {}
    if law:
        try:
            loaded = [tabulation.choose_law(spec, None) for spec in law]
            comparison = tabulation.compare_laws(
                db, name, loaded, partial=partial, seed=seed or None
            )
            diagrams = {
                law_id: hemicycle_svg(
                    seats,
                    title=law_id,
                    reserved=comparison.reserved[law_id][0],
                    reserved_label=comparison.reserved[law_id][1],
                )
                for law_id in comparison.laws
                if (seats := comparison.seats_under(law_id))
            }
        except HemicycleError as problem:
            error = str(problem)
    context.update(
        comparison=comparison,
        diagrams=diagrams,
        error=error,
        laws_chosen=law or [],
        partial=partial,
        seed=seed,
    )
    return page(request, "compare_laws.html", visitor, context, status_code=422 if error else 200)
