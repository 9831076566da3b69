"""The FastAPI application: pages, JSON API, static files, and the protections around them.

>>> import tempfile, os
>>> app = create_app(Settings(db=os.path.join(tempfile.mkdtemp(), "h.duckdb")))
>>> sorted(app.openapi()["paths"]["/api/session"])
['delete', 'post']
>>> app.state.db.close()
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import hemicycle
from hemicycle.errors import HemicycleError
from hemicycle.io.audit_log import Database
from hemicycle.web.cache import RenderCache
from hemicycle.web.deps import LoginRequiredError, get_visitor
from hemicycle.web.render import problem_rows
from hemicycle.web.routes import (
    admin,
    api,
    api_results,
    audits,
    elections,
    forensics,
    outcomes,
    pages,
    runs,
    tables,
)
from hemicycle.web.security import CSRF_COOKIE, BodySizeLimit, LoginLimiter, new_token
from hemicycle.web.services import open_database
from hemicycle.web.settings import Settings

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
}


def cookie_secure(request: Request, settings: Settings) -> bool:
    """Whether cookies get the Secure flag: as configured, else when the request used TLS."""
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    """The web app over ``settings.db`` (or an open ``db``)."""
    settings = settings or Settings()
    database = db or open_database(settings.db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        database.close()

    app = FastAPI(
        title="hemicycle",
        version=hemicycle.__version__,
        description="Seats from votes, exactly, under real laws: elections, allocations, "
        "reports and their audit log. Writes need a session (POST /api/session) and the "
        "X-CSRF-Token header.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = database
    app.state.cache = RenderCache(size=settings.cache_size)
    app.state.limiter = LoginLimiter(
        attempts=settings.login_attempts, window=settings.login_window_seconds
    )
    templates = Jinja2Templates(directory=str(resources.files("hemicycle.web") / "templates"))
    templates.env.globals["version"] = hemicycle.__version__
    templates.env.filters["path"] = lambda name: quote(str(name), safe="")
    app.state.templates = templates

    @app.middleware("http")
    async def protections(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = request.cookies.get(CSRF_COOKIE)
        fresh = token is None
        request.state.csrf_token = token or new_token()
        response = await call_next(request)
        if fresh:
            response.set_cookie(
                CSRF_COOKIE,
                request.state.csrf_token,
                httponly=True,
                samesite="strict",
                secure=cookie_secure(request, settings),
                path="/",
            )
        for header, value in SECURITY_HEADERS.items():
            response.headers.setdefault(header, value)
        return response

    @app.exception_handler(LoginRequiredError)
    async def login_required(request: Request, exc: LoginRequiredError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "log in first (POST /api/session)"}, status_code=401)
        target = quote(request.url.path)
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(HemicycleError)
    async def bad_input(request: Request, exc: HemicycleError) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": str(exc), "problems": problem_rows(exc)}, status_code=422
            )
        return error_page(request, 422, str(exc), problems=problem_rows(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        headers = dict(exc.headers) if exc.headers else None
        return error_page(request, exc.status_code, str(exc.detail), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"message": e["msg"], "column": ".".join(str(p) for p in e["loc"][1:]), "row": None}
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        return error_page(request, 422, "the form is incomplete or invalid", problems=problems)

    def error_page(
        request: Request,
        status: int,
        message: str,
        *,
        problems: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        try:
            visitor = get_visitor(request, database)
        except HemicycleError:
            visitor = None
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "visitor": visitor,
                "csrf_token": request.state.csrf_token,
                "status": status,
                "message": message,
                "problems": problems or [],
            },
            status_code=status,
            headers=headers,
        )

    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("hemicycle.web") / "static")),
        name="static",
    )
    for module in (
        pages,
        elections,
        forensics,
        tables,
        outcomes,
        audits,
        runs,
        admin,
        api,
        api_results,
    ):
        app.include_router(module.router)
    # Outermost: a body over the limit is refused before any route or form parser reads it.
    app.add_middleware(BodySizeLimit, limit=settings.max_upload_bytes)
    return app


__all__ = ["SECURITY_HEADERS", "cookie_secure", "create_app"]
