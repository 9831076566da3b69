"""The HTML report: one self-contained page (inline CSS and SVG) that prints well.

Rendered with Jinja2 from ``report/templates/report.html``; every name is escaped, so list
names in any script are shown exactly as given.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from hemicycle.report.model import Report


@cache
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on)."""
    return Environment(
        loader=PackageLoader("hemicycle.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def render_html(report: Report) -> str:
    """The report as an HTML document."""
    return environment().get_template("report.html").render(report=report)


def write_html(report: Report, path: str | Path) -> Path:
    """Write the report to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(render_html(report), encoding="utf-8")
    return target


__all__ = ["environment", "render_html", "write_html"]
