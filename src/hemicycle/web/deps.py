"""Dependencies of the routes: the database, the current user, permissions, CSRF checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates

from hemicycle.io import accounts
from hemicycle.io.accounts import Permission, Role, User
from hemicycle.io.audit_log import Database
from hemicycle.web.cache import RenderCache
from hemicycle.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    LoginLimiter,
    tokens_match,
)
from hemicycle.web.settings import Settings


@dataclass(frozen=True, slots=True, kw_only=True)
class Visitor:
    """Who is asking: a logged-in user, or the public."""

    user: User | None

    @property
    def name(self) -> str:
        return self.user.name if self.user else "public"

    @property
    def role(self) -> Role:
        return self.user.role if self.user else Role.public

    def can(self, permission: Permission) -> bool:
        return permission in accounts.PERMISSIONS[self.role]


class LoginRequiredError(Exception):
    """An anonymous visitor asked for something that needs an account."""


def get_db(request: Request) -> Database:
    database: Database = request.app.state.db
    return database


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_limiter(request: Request) -> LoginLimiter:
    limiter: LoginLimiter = request.app.state.limiter
    return limiter


def get_cache(request: Request) -> RenderCache:
    cache: RenderCache = request.app.state.cache
    return cache


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


DB = Annotated[Database, Depends(get_db)]


def get_visitor(request: Request, db: DB) -> Visitor:
    token = request.cookies.get(SESSION_COOKIE)
    user = accounts.session_user(db, token) if token else None
    return Visitor(user=user)


CurrentVisitor = Annotated[Visitor, Depends(get_visitor)]


def require(permission: Permission) -> Callable[[Visitor], Visitor]:
    """A dependency refusing visitors without ``permission``: anonymous ones must log in
    (401, or a redirect to the login page for pages), others get 403."""

    def check(visitor: CurrentVisitor) -> Visitor:
        if visitor.can(permission):
            return visitor
        if visitor.user is None:
            raise LoginRequiredError
        raise HTTPException(
            status_code=403,
            detail=f"the {visitor.role.value} role may not do this (needs {permission.value})",
        )

    return check


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is missing or wrong (403)."""
    expected = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("multipart/form-data", "application/x-www-form-urlencoded")
    ):
        form = await request.form()
        field = form.get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    if not tokens_match(expected, given):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token; reload the page")


CSRF = Depends(verify_csrf)


def csrf_token(request: Request) -> str:
    """The token to write into this page's forms (set by the CSRF cookie middleware)."""
    token: str = request.state.csrf_token
    return token


__all__ = [
    "CSRF",
    "DB",
    "CurrentVisitor",
    "LoginRequiredError",
    "Visitor",
    "csrf_token",
    "get_cache",
    "get_db",
    "get_limiter",
    "get_settings",
    "get_templates",
    "get_visitor",
    "require",
    "verify_csrf",
]
