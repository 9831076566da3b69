"""Risk-limiting audits of the file (planned and run with ``hemicycle audit``): their plan,
sample and risk after each round."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from hemicycle.errors import DataError
from hemicycle.io.accounts import Permission
from hemicycle.web import analysis
from hemicycle.web.deps import DB, Visitor, require
from hemicycle.web.render import page

router = APIRouter(include_in_schema=False)

Reader = Annotated[Visitor, Depends(require(Permission.read_all))]


def audit_or_404(db: DB, name: str) -> analysis.AuditView:
    try:
        return analysis.audit_view(db, name)
    except DataError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/audits", response_class=HTMLResponse)
def audits(request: Request, db: DB, visitor: Reader) -> Response:
    return page(request, "audits.html", visitor, {"names": analysis.audit_names(db)})


@router.get("/audits/{name}", response_class=HTMLResponse)
def audit(request: Request, db: DB, visitor: Reader, name: str) -> Response:
    return page(request, "audit_detail.html", visitor, {"audit": audit_or_404(db, name)})
