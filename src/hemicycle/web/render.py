"""Rendering a page: the template, the visitor and the CSRF token for its forms; the problems
of a rejected input as rows of a table; a report printed to PDF as a download."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path, PurePath
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from hemicycle.errors import HemicycleError
from hemicycle.io import uploads
from hemicycle.io.problems import ValidationError
from hemicycle.report.pdf import ChromiumNotFoundError, PrintError, print_pdf
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


async def pdf_download(html: str, chromium: str | None, filename: str) -> Response:
    """``html`` printed by headless Chromium, as an attachment named ``filename``; 503 with the
    reason when Chromium is missing or fails."""
    with tempfile.TemporaryDirectory(prefix="hemicycle-web-pdf-") as folder:
        target = Path(folder) / "report.pdf"
        try:
            await asyncio.to_thread(print_pdf, html, target, chromium=chromium)
        except (ChromiumNotFoundError, PrintError) as error:
            raise HTTPException(status_code=503, detail=str(error)) from None
        data = target.read_bytes()
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def problem_rows(error: HemicycleError) -> list[dict[str, Any]]:
    """Each problem of an input with its file, row and column, for a table on the page."""
    if isinstance(error, ValidationError):
        return [
            {
                "file": PurePath(p.file).name if p.file else None,
                "row": p.row,
                "column": p.column,
                "message": p.message,
            }
            for p in error.problems
        ]
    found = error.problems if isinstance(error, uploads.UploadError) else (error,)
    return [
        {
            "file": getattr(p, "file", None),
            "row": getattr(p, "row", None),
            "column": getattr(p, "column", None),
            "message": getattr(p, "message", str(p)),
        }
        for p in found
    ]


__all__ = ["page", "problem_rows"]
