"""Reports: the hemicycle diagram (SVG), the HTML report and its PDF print."""

from hemicycle.report.hemicycle_svg import hemicycle_svg
from hemicycle.report.html import render_html, write_html
from hemicycle.report.model import Report, Source, allocation_record, build_report
from hemicycle.report.pdf import ChromiumNotFoundError, print_pdf

__all__ = [
    "ChromiumNotFoundError",
    "Report",
    "Source",
    "allocation_record",
    "build_report",
    "hemicycle_svg",
    "print_pdf",
    "render_html",
    "write_html",
]
