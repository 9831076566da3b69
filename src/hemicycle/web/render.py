"""Rendering a page: the template, the visitor and the CSRF token for its forms."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from hemicycle.web.deps import Visitor, csrf_token, get_templates


def page(
    request: Request,
    template: str,
    visitor: Visitor,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """A server-rendered page; forms in it carry ``csrf_token``."""
    values = {"visitor": visitor, "csrf_token": csrf_token(request), **(context or {})}
    return get_templates(request).TemplateResponse(
        request, template, values, status_code=status_code, headers=headers
    )


__all__ = ["page"]
