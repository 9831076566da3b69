"""Administration: accounts, and the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from hemicycle.errors import HemicycleError
from hemicycle.io import accounts, audit_log
from hemicycle.io.accounts import Permission, Role
from hemicycle.web.deps import CSRF, DB, Visitor, require
from hemicycle.web.render import page

router = APIRouter(include_in_schema=False)

Admin = Annotated[Visitor, Depends(require(Permission.manage_users))]
Auditor = Annotated[Visitor, Depends(require(Permission.read_audit_log))]


def _users_page(
    request: Request, db: DB, visitor: Visitor, error: str | None, status: int
) -> Response:
    return page(
        request,
        "users.html",
        visitor,
        {"users": accounts.list_users(db), "roles": list(Role), "error": error},
        status_code=status,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, db: DB, visitor: Admin) -> Response:
    return _users_page(request, db, visitor, None, 200)


@router.post("/admin/users", dependencies=[CSRF])
def add_user(
    request: Request,
    db: DB,
    visitor: Admin,
    name: Annotated[str, Form()],
    role: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    try:
        accounts.add_user(db, name, role, password, actor=visitor.name)
    except HemicycleError as error:
        return _users_page(request, db, visitor, str(error), 422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/remove", dependencies=[CSRF])
def remove_user(request: Request, db: DB, visitor: Admin, name: str) -> Response:
    try:
        accounts.remove_user(db, name, actor=visitor.name)
    except HemicycleError as error:
        return _users_page(request, db, visitor, str(error), 422)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, db: DB, visitor: Auditor, before: int | None = None) -> Response:
    entries = audit_log.entries(db, limit=200, before=before)
    return page(
        request,
        "audit.html",
        visitor,
        {
            "entries": entries,
            "broken": audit_log.verify_chain(db),
            "total": audit_log.count_entries(db),
        },
    )
