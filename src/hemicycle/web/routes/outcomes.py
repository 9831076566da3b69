"""Outcomes of laws applied to elections: view, publish, observe; their report and diagram;
offices, voting power and coalitions of their seats."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from hemicycle.errors import DataError, HemicycleError
from hemicycle.io import audit_log, uploads
from hemicycle.io.accounts import Permission
from hemicycle.io.store import StoredOutcome
from hemicycle.report.html import render_html
from hemicycle.report.model import Report, record_sha256
from hemicycle.web import analysis, tabulation
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import (
    CSRF,
    DB,
    CurrentVisitor,
    Visitor,
    get_cache,
    get_settings,
    require,
)
from hemicycle.web.render import page, pdf_download
from hemicycle.web.settings import Settings

router = APIRouter(include_in_schema=False)

Writer = Annotated[Visitor, Depends(require(Permission.write))]
Observer = Annotated[Visitor, Depends(require(Permission.observe))]
Cache = Annotated[RenderCache, Depends(get_cache)]


@dataclass(frozen=True, slots=True)
class DiagramQuery:
    """How the outcome's diagram is drawn, from the query string: ``order=size`` (default) or
    ``order=axis`` with ``axis=L,C,R`` (names from left to right), and ``reserved=false`` to
    leave the reserved seats unringed."""

    order: tuple[str, ...]
    mark_reserved: bool
    form: dict[str, str]


def diagram_query(order: str = "size", axis: str = "", reserved: bool = True) -> DiagramQuery:
    """The diagram options of a request; 422 for an order other than size or axis, or an
    axis without names."""
    names = tuple(dict.fromkeys(name.strip() for name in axis.split(",") if name.strip()))
    if order not in ("size", "axis"):
        raise HTTPException(status_code=422, detail=f"order must be size or axis (got {order!r})")
    if order == "axis" and not names:
        raise HTTPException(
            status_code=422, detail="order=axis needs axis: the lists from left to right"
        )
    form = {"order": order, "axis": ", ".join(names), "reserved": str(reserved).lower()}
    return DiagramQuery(order=names if order == "axis" else (), mark_reserved=reserved, form=form)


Diagram = Annotated[DiagramQuery, Depends(diagram_query)]


def diagram_report(
    db: DB, stored: StoredOutcome, cache: RenderCache, diagram: DiagramQuery
) -> Report:
    """The outcome's report with its diagram drawn as asked; an axis naming a list without
    seats is a 422 with the reason."""
    try:
        return tabulation.outcome_report(
            db, stored, cache, order=diagram.order, mark_reserved=diagram.mark_reserved
        )
    except DataError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


def visible_outcome(
    db: DB, visitor: Visitor, outcome_id: int, cache: RenderCache | None = None
) -> StoredOutcome:
    """The outcome if this visitor may read it; the public sees published outcomes only (404
    otherwise, so that drafts are not revealed)."""
    try:
        stored = tabulation.outcome(db, outcome_id, cache)
    except DataError:
        stored = None
    if stored is None or not (
        visitor.can(Permission.read_all) or uploads.publication(db, outcome_id) is not None
    ):
        raise HTTPException(status_code=404, detail=f"no published outcome with id {outcome_id}")
    return stored


def _observations(db: DB, visitor: Visitor, outcome_id: int) -> list[audit_log.AuditEntry]:
    if not visitor.can(Permission.read_all):
        return []
    return audit_log.entries(db, action="observation", target=f"outcome:{outcome_id}")


@router.get("/outcomes/{outcome_id}", response_class=HTMLResponse)
def outcome_page(
    request: Request,
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    diagram: Diagram,
) -> Response:
    stored = visible_outcome(db, visitor, outcome_id, cache)
    return page(
        request,
        "outcome.html",
        visitor,
        {
            "stored": stored,
            "report": diagram_report(db, stored, cache, diagram),
            "diagram": diagram.form,
            "diagram_query": urlencode(diagram.form),
            "publication": uploads.publication(db, outcome_id),
            "observations": _observations(db, visitor, outcome_id),
            "sha256": record_sha256(stored.outcome),
        },
    )


@router.post("/outcomes/{outcome_id}/publish", dependencies=[CSRF])
def publish(db: DB, visitor: Writer, cache: Cache, outcome_id: int) -> Response:
    stored = visible_outcome(db, visitor, outcome_id, cache)
    tabulation.publish(db, stored, actor=visitor.name, cache=cache)
    return RedirectResponse(f"/outcomes/{outcome_id}", status_code=303)


@router.post("/outcomes/{outcome_id}/observations", dependencies=[CSRF])
def observe(
    db: DB,
    visitor: Observer,
    cache: Cache,
    outcome_id: int,
    text: Annotated[str, Form(min_length=1, max_length=5000)],
) -> Response:
    visible_outcome(db, visitor, outcome_id, cache)
    audit_log.record(
        db,
        actor=visitor.name,
        action="observation",
        target=f"outcome:{outcome_id}",
        details={"text": text},
    )
    return RedirectResponse(f"/outcomes/{outcome_id}#observations", status_code=303)


def outcome_html(
    db: DB, stored: StoredOutcome, cache: RenderCache, diagram: DiagramQuery | None = None
) -> str:
    """The HTML report of an outcome, rendered once per diagram options."""
    diagram = diagram or diagram_query()
    report = diagram_report(db, stored, cache, diagram)
    options = urlencode(diagram.form)
    key = ("outcome", stored.id, f"html:{report.provenance.result_sha256}:{options}")
    return cache.get(key, lambda: render_html(report))


@router.get("/outcomes/{outcome_id}/report.html")
def report_html(
    db: DB, visitor: CurrentVisitor, cache: Cache, outcome_id: int, diagram: Diagram
) -> Response:
    stored = visible_outcome(db, visitor, outcome_id, cache)
    return Response(
        outcome_html(db, stored, cache, diagram),
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="hemicycle-outcome-{outcome_id}.html"'
        },
    )


@router.get("/outcomes/{outcome_id}/report.pdf")
async def report_pdf(
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    settings: Annotated[Settings, Depends(get_settings)],
    diagram: Diagram,
) -> Response:
    stored = await asyncio.to_thread(visible_outcome, db, visitor, outcome_id, cache)
    html = await asyncio.to_thread(outcome_html, db, stored, cache, diagram)
    return await pdf_download(html, settings.chromium, f"hemicycle-outcome-{outcome_id}.pdf")


@router.get("/outcomes/{outcome_id}/diagram.svg")
def diagram_svg(
    db: DB, visitor: CurrentVisitor, cache: Cache, outcome_id: int, diagram: Diagram
) -> Response:
    stored = visible_outcome(db, visitor, outcome_id, cache)
    report = diagram_report(db, stored, cache, diagram)
    return Response(report.diagram_svg, media_type="image/svg+xml")


@router.get("/outcomes/{outcome_id}/power", response_class=HTMLResponse)
def power_page(
    request: Request,
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    quota: str = "majority",
    index: str = "banzhaf",
    axis: str = "",
) -> Response:
    """Voting power of the lists and the coalitions that can win, for any quota and index."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    context: dict[str, Any] = {
        "stored": stored,
        "quota": quota,
        "index": index,
        "axis": axis,
        "indices": analysis.INDEX_IDS,
        "error": None,
        "power": None,
    }
    try:
        context["power"] = analysis.seat_power(
            stored.outcome["seats"], quota=quota, index=index, axis=axis
        )
    except HemicycleError as error:
        context["error"] = str(error)
    return page(
        request, "power.html", visitor, context, status_code=422 if context["error"] else 200
    )


@router.get("/outcomes/{outcome_id}/offices", response_class=HTMLResponse)
def offices_page(
    request: Request,
    db: DB,
    visitor: CurrentVisitor,
    cache: Cache,
    outcome_id: int,
    count: int | None = None,
    method: str = "dhondt",
    offices: str = "",
) -> Response:
    """Offices filled one by one from the seats (ministries, committee chairs)."""
    stored = visible_outcome(db, visitor, outcome_id, cache)
    context: dict[str, Any] = {
        "stored": stored,
        "count": count,
        "method": method,
        "offices": offices,
        "error": None,
        "allocation": None,
    }
    if count is not None or offices.strip():
        try:
            context["allocation"] = analysis.seat_offices(
                db, stored, count=count, method=method, offices=offices
            )
        except HemicycleError as error:
            context["error"] = str(error)
    return page(
        request, "offices.html", visitor, context, status_code=422 if context["error"] else 200
    )
