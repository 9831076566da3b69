"""Reports: the hemicycle diagram (SVG), the HTML report and its PDF print."""

from hemicycle.report.hemicycle_svg import hemicycle_svg

__all__ = ["hemicycle_svg"]
