"""Runs (stored outcomes): view, publish, observe, and download their report and diagram."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from hemicycle.io import audit_log, uploads
from hemicycle.io.accounts import Permission
from hemicycle.report.html import render_html
from hemicycle.web import services
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import CSRF, DB, CurrentVisitor, Visitor, get_cache, get_settings, require
from hemicycle.web.render import page, pdf_download
from hemicycle.web.settings import Settings

router = APIRouter(include_in_schema=False)

Writer = Annotated[Visitor, Depends(require(Permission.write))]
Observer = Annotated[Visitor, Depends(require(Permission.observe))]
Cache = Annotated[RenderCache, Depends(get_cache)]


def visible_run(db: DB, visitor: Visitor, run_id: int) -> uploads.Run:
    """The run if this visitor may read it; the public sees published runs only (404 otherwise,
    so that unpublished runs are not revealed)."""
    run = uploads.get_run(db, run_id)
    if run is None or not (run.published or visitor.can(Permission.read_all)):
        raise HTTPException(status_code=404, detail=f"no published outcome with id {run_id}")
    return run


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(
    request: Request, db: DB, visitor: CurrentVisitor, cache: Cache, run_id: int
) -> Response:
    run = visible_run(db, visitor, run_id)
    report = services.run_report(db, run, cache)
    observations = (
        audit_log.entries(db, action="observation", target=f"run:{run_id}")
        if visitor.can(Permission.read_all)
        else []
    )
    return page(
        request,
        "run.html",
        visitor,
        {"run": run, "report": report, "observations": observations},
    )


@router.post("/runs/{run_id}/publish", dependencies=[CSRF])
def publish(db: DB, visitor: Writer, cache: Cache, run_id: int) -> Response:
    visible_run(db, visitor, run_id)
    uploads.publish_run(db, run_id, actor=visitor.name)
    cache.invalidate("run", run_id)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


@router.post("/runs/{run_id}/observations", dependencies=[CSRF])
def observe(
    db: DB,
    visitor: Observer,
    run_id: int,
    text: Annotated[str, Form(min_length=1, max_length=5000)],
) -> Response:
    visible_run(db, visitor, run_id)
    audit_log.record(
        db,
        actor=visitor.name,
        action="observation",
        target=f"run:{run_id}",
        details={"text": text},
    )
    return RedirectResponse(f"/runs/{run_id}#observations", status_code=303)


def run_html(db: DB, run: uploads.Run, cache: RenderCache) -> str:
    """The HTML report of a run, rendered once."""
    report = services.run_report(db, run, cache)
    return cache.get(("run", run.id, f"html:{run.sha256}"), lambda: render_html(report))


@router.get("/runs/{run_id}/report.html")
def report_html(db: DB, visitor: CurrentVisitor, cache: Cache, run_id: int) -> Response:
    run = visible_run(db, visitor, run_id)
    html = run_html(db, run, cache)
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="hemicycle-run-{run_id}.html"'},
    )


@router.get("/runs/{run_id}/report.pdf")
async def report_pdf(
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    run_id: int,
    settings: Annotated[Settings, Depends(get_settings)],
) -> Response:
    run = await asyncio.to_thread(visible_run, db, visitor, run_id)
    html = await asyncio.to_thread(run_html, db, run, cache)
    return await pdf_download(html, settings.chromium, f"hemicycle-run-{run_id}.pdf")


@router.get("/runs/{run_id}/diagram.svg")
def diagram(db: DB, visitor: CurrentVisitor, cache: Cache, run_id: int) -> Response:
    run = visible_run(db, visitor, run_id)
    return Response(services.run_report(db, run, cache).diagram_svg, media_type="image/svg+xml")
