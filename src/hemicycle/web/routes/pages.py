"""Home, login and logout."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from hemicycle.io import accounts, audit_log, uploads
from hemicycle.io.accounts import Permission
from hemicycle.io.audit_log import Database
from hemicycle.web import tabulation
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import CSRF, DB, CurrentVisitor, get_cache, get_limiter, get_settings
from hemicycle.web.render import page
from hemicycle.web.security import SESSION_COOKIE, LoginLimiter
from hemicycle.web.settings import Settings

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    db: DB,
    visitor: CurrentVisitor,
    cache: Annotated[RenderCache, Depends(get_cache)],
) -> Response:
    reads_all = visitor.can(Permission.read_all)
    return page(
        request,
        "home.html",
        visitor,
        {
            "outcomes": tabulation.outcomes(db, published_only=not reads_all, cache=cache),
            "published": uploads.publications(db),
            "runs": uploads.list_runs(db, published_only=not reads_all),
            "elections": tabulation.elections(db, cache) if reads_all else [],
        },
    )


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, visitor: CurrentVisitor, next: str = "/") -> Response:
    return page(request, "login.html", visitor, {"next": _safe_next(next), "error": None})


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a login to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def login_user(
    db: Database,
    limiter: LoginLimiter,
    *,
    name: str,
    password: str,
    address: str,
    settings: Settings,
) -> tuple[accounts.User | None, str | None, int]:
    """Check the rate limit and the password: (user, session token, seconds to wait)."""
    keys = (f"name:{name}", f"address:{address}")
    wait = max(limiter.retry_after(key) for key in keys)
    if wait:
        return None, None, wait
    user = accounts.authenticate(db, name, password)
    if user is None:
        for key in keys:
            limiter.fail(key)
        audit_log.record(
            db,
            actor=name,
            action="login.refused",
            target=f"user:{name}",
            details={"address": address},
        )
        return None, None, 0
    limiter.reset(keys[0])
    token = accounts.create_session(db, user, lifetime=timedelta(hours=settings.session_hours))
    return user, token, 0


def set_session_cookie(
    request: Request, response: Response, token: str, settings: Settings
) -> None:
    from hemicycle.web.app import cookie_secure

    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
        path="/",
    )


@router.post("/login", dependencies=[CSRF])
def login(
    request: Request,
    db: DB,
    visitor: CurrentVisitor,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    limiter: Annotated[LoginLimiter, Depends(get_limiter)],
    settings: Annotated[Settings, Depends(get_settings)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    address = request.client.host if request.client else "unknown"
    user, token, wait = login_user(
        db, limiter, name=name, password=password, address=address, settings=settings
    )
    if wait:
        message = f"too many failed logins; try again in {wait} seconds"
        return page(
            request,
            "login.html",
            visitor,
            {"next": _safe_next(next), "error": message},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    if user is None or token is None:
        return page(
            request,
            "login.html",
            visitor,
            {"next": _safe_next(next), "error": "wrong name or password"},
            status_code=401,
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, token, settings)
    return response


@router.post("/logout", dependencies=[CSRF])
def logout(request: Request, db: DB, visitor: CurrentVisitor) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token and visitor.user is not None:
        accounts.end_session(db, token, actor=visitor.name)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
