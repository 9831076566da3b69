"""The hemicycle (parliament arch) diagram as SVG.

Seats are discs in concentric half-rings, one colour per list, ordered from left to right either
along a political axis or by size. The seat positions come from the ``parliamentarch`` package
(rows are filled in proportion to their capacity; seats are assigned to lists in wedges by angle,
the layout of Wikipedia's parliament diagrams); the drawing — legend with exact counts, marks for
reserved seats, the majority line, data attributes that let tests and scripts count seats by
list — is done here.

>>> svg = hemicycle_svg({"A": 3, "B": 2})
>>> svg.count('class="seat"'), svg.count('data-list="A" data-seat=')
(5, 3)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from html import escape

from parliamentarch.geometry import (  # type: ignore[import-untyped]
    get_nrows_from_nseats,
    get_row_thickness,
    get_seats_centers,
)

from hemicycle.errors import DataError
from hemicycle.types import Rational, UnitId

# Okabe & Ito (2008), "Color Universal Design", then Paul Tol's muted and dark schemes (Tol,
# "Colour schemes", SRON/EPS/TN/09-002, 2021) without the tones close to the first eight: distinct
# for readers with the common colour-vision deficiencies, and far apart from one another.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#332288",
    "#44AA99",
    "#882255",
    "#999933",
    "#EE3377",
    "#117733",
    "#AA4499",
    "#661100",
    "#888888",
    "#DDCC77",
)
"""Colours given to lists in order when none is chosen; beyond 18 lists they are derived."""

SEAT_RADIUS_FACTOR = 0.8
"""Seat radius as a share of the row half-spacing: 1 makes packed seats touch."""

MAX_SEATS = 2000
"""Largest house drawn; the layout is tested for every size from 5 to 1,000."""

CANVAS = 300.0
"""Radius of the outer arc in SVG user units."""

# Characters XML 1.0 cannot hold, even escaped (W3C XML 1.0, section 2.2).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

MARGIN = 10.0
LEGEND_LINE = 22.0
LEGEND_GAP = 10.0
"""Space kept between the end of a legend entry and the next column."""
LEGEND_FONT = 13
LEGEND_EM = 0.6
"""Width of a character of the legend as a share of the font size: a generous average for
sans-serif text (digits are 0.556 em in Helvetica and Arial, most letters narrower)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Bloc:
    """One list as drawn: its seats, how many of them are reserved, and its colour."""

    name: UnitId
    seats: int
    reserved: int
    color: str


def default_color(index: int) -> str:
    """The colour of the ``index``-th list: the palette, then golden-angle hues.

    >>> default_color(0), default_color(18)
    ('#0072B2', 'hsl(0,55%,45%)')
    """
    if index < len(PALETTE):
        return PALETTE[index]
    hue = ((index - len(PALETTE)) * 137) % 360
    return f"hsl({hue},55%,45%)"


def order_blocs(
    seats: Mapping[UnitId, int],
    *,
    order: Sequence[UnitId] | Mapping[UnitId, Rational] | None = None,
    colors: Mapping[UnitId, str] | None = None,
    reserved: Mapping[UnitId, int] | None = None,
) -> tuple[Bloc, ...]:
    """Lists in their order from left to right, with colours and reserved seats checked.

    ``order`` is either the names from left to right, or a position of each list on a left-right
    axis (smaller is further left; equal positions keep the order of ``seats``). Without it the
    lists are ordered by size, largest first, then by name. Lists missing from a sequence
    ``order`` follow it by size.

    >>> [b.name for b in order_blocs({"C": 1, "A": 5, "B": 5})]
    ['A', 'B', 'C']
    >>> [b.name for b in order_blocs({"A": 1, "B": 2, "C": 3}, order={"A": 1, "B": -1, "C": 0})]
    ['B', 'C', 'A']
    """
    reserved = dict(reserved or {})
    for name, count in seats.items():
        if _XML_FORBIDDEN.search(name):
            raise DataError(f"list name {name!r} holds a control character that SVG cannot show")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise DataError(
                f"seats of {name!r} must be a non-negative whole number (got {count!r})"
            )
    for name, count in reserved.items():
        if name not in seats:
            raise DataError(f"reserved seats given for {name!r}, which is not a list with seats")
        if not 0 <= count <= seats[name]:
            raise DataError(
                f"reserved seats of {name!r} must be between 0 and its {seats[name]} seats "
                f"(got {count})"
            )
    by_size = sorted(seats, key=lambda name: (-seats[name], name))
    if order is None:
        names = by_size
    elif isinstance(order, Mapping):
        missing = [name for name in seats if name not in order]
        if missing:
            raise DataError(f"no position on the left-right axis for {', '.join(missing)}")
        position = {name: Fraction(order[name]) for name in seats}
        names = sorted(seats, key=lambda name: position[name])
    else:
        unknown = [name for name in order if name not in seats]
        if unknown:
            raise DataError(f"order names lists without seats data: {', '.join(unknown)}")
        names = list(dict.fromkeys(order)) + [n for n in by_size if n not in set(order)]
    colors = colors or {}
    return tuple(
        Bloc(
            name=name,
            seats=seats[name],
            reserved=reserved.get(name, 0),
            color=colors.get(name) or default_color(index),
        )
        for index, name in enumerate(names)
    )


def seat_positions(total: int) -> list[tuple[float, float]]:
    """Centres of ``total`` seats on a 2-by-1 canvas (y up), from left to right by angle.

    Seats at the same angle (the centre column) are taken from the inner row outwards.

    >>> [(round(x, 3), round(y, 3)) for x, y in seat_positions(3)]
    [(0.184, 0.167), (1.0, 0.5), (1.816, 0.167)]
    """
    centres: dict[tuple[float, float], float] = get_seats_centers(total)
    if len(centres) != total:  # the package keys seats by position; two may never coincide
        raise RuntimeError(f"layout of {total} seats placed {len(centres)}")
    return sorted(centres, key=lambda point: (-centres[point], math.hypot(point[0] - 1, point[1])))


def seat_radius(total: int) -> float:
    """Radius of one seat on the 2-by-1 canvas for a house of ``total`` seats."""
    rows = get_nrows_from_nseats(total)
    return float(get_row_thickness(rows)) * SEAT_RADIUS_FACTOR


def majority(total: int) -> int:
    """Seats needed for an absolute majority: more than half of the house.

    >>> majority(329), majority(330)
    (165, 166)
    """
    return total // 2 + 1


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _legend_text(bloc: Bloc, reserved_label: str, *, short: bool) -> str:
    """A legend entry: the list, its seats, and how many are reserved (in a two-column legend
    only "ringed": the legend's last line says what a ring means)."""
    text = f"{bloc.name}: {bloc.seats}"
    if not bloc.reserved:
        return text
    if short:
        return f"{text} ({bloc.reserved} ringed)"
    plural = "s" if bloc.reserved != 1 else ""
    return f"{text} ({bloc.reserved} {reserved_label}{plural})"


def _text_width(text: str) -> float:
    """Width of legend text, estimated generously (see :data:`LEGEND_EM`)."""
    return len(text) * LEGEND_EM * LEGEND_FONT


def _legend_columns(blocs: Sequence[Bloc], reserved_label: str) -> int:
    """Two legend columns for more than six lists, when both fit side by side; else one."""
    if len(blocs) <= 6:
        return 1
    entries = [_text_width(_legend_text(b, reserved_label, short=True)) for b in blocs]
    half = math.ceil(len(blocs) / 2)
    needed = (20 + max(entries[:half]) + LEGEND_GAP) + (20 + max(entries[half:]))
    return 2 if needed <= 2 * CANVAS else 1


def hemicycle_svg(
    seats: Mapping[UnitId, int],
    *,
    order: Sequence[UnitId] | Mapping[UnitId, Rational] | None = None,
    colors: Mapping[UnitId, str] | None = None,
    reserved: Mapping[UnitId, int] | None = None,
    reserved_label: str = "reserved seat",
    majority_line: bool = True,
    title: str | None = None,
) -> str:
    """Draw the house as an SVG document.

    Args:
        seats: seats per list; lists with no seat appear in the legend only.
        order: names from left to right, or a position of each list on a left-right axis;
            by default lists are ordered by size.
        colors: CSS colours by list; others get :data:`PALETTE` colours in order.
        reserved: how many of a list's seats are reserved (community or women's quota);
            they are drawn with a ring and counted in the legend.
        reserved_label: what the legend calls a reserved seat.
        majority_line: draw the vertical line through the centre and state the majority.
        title: accessible title of the image.

    Every seat is a ``<circle class="seat" data-list="NAME">`` filled with its list's colour,
    so the counts can be read back from the document.
    """
    blocs = order_blocs(seats, order=order, colors=colors, reserved=reserved)
    total = sum(bloc.seats for bloc in blocs)
    if total == 0:
        raise DataError("the house has no seats to draw")
    if total > MAX_SEATS:
        raise DataError(f"at most {MAX_SEATS} seats can be drawn (got {total})")
    positions = seat_positions(total)
    radius = seat_radius(total) * CANVAS
    legend_top = MARGIN + CANVAS + 28.0
    columns = _legend_columns(blocs, reserved_label)
    legend_rows = math.ceil(len(blocs) / columns) + (1 if any(b.reserved for b in blocs) else 0)
    width = 2 * CANVAS + 2 * MARGIN
    height = legend_top + legend_rows * LEGEND_LINE + MARGIN
    label = title or f"Hemicycle of {total} seats"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="hemicycle" role="img" '
        f'viewBox="0 0 {width:g} {height:g}" width="{width:g}" height="{height:g}" '
        f'data-total="{total}" font-family="sans-serif">',
        f"<title>{escape(label)}</title>",
    ]
    cursor = 0
    for bloc in blocs:
        out.append(
            f'<g class="list" data-list="{_attr(bloc.name)}" data-seats="{bloc.seats}" '
            f'fill="{_attr(bloc.color)}"><title>{escape(bloc.name)}: {bloc.seats}</title>'
        )
        for index in range(bloc.seats):
            x, y = positions[cursor]
            cursor += 1
            cx = MARGIN + CANVAS * x
            cy = MARGIN + CANVAS * (1 - y)
            mark = index < bloc.reserved
            ring = ' stroke="#000" stroke-width="1.5"' if mark else ""
            kind = "seat reserved" if mark else "seat"
            out.append(
                f'<circle class="{kind}" data-list="{_attr(bloc.name)}" data-seat="{index + 1}" '
                f'cx="{cx:.2f}" cy="{cy:.2f}" r="{radius - (0.75 if mark else 0):.2f}"{ring}/>'
            )
        out.append("</g>")
    centre_x = MARGIN + CANVAS
    baseline = MARGIN + CANVAS
    out.append(
        f'<text class="total" x="{centre_x:g}" y="{baseline - 6:g}" text-anchor="middle" '
        f'font-size="{CANVAS * 0.16:.0f}" font-weight="bold">{total}</text>'
    )
    if majority_line:
        needed = majority(total)
        out.append(
            f'<line class="majority" x1="{centre_x:g}" y1="{MARGIN - 4:g}" x2="{centre_x:g}" '
            f'y2="{baseline - CANVAS * 0.2:g}" stroke="#444" stroke-width="1.5" '
            f'stroke-dasharray="5 4"/>'
        )
        out.append(
            f'<text class="majority-label" x="{centre_x:g}" y="{baseline + 18:g}" '
            f'text-anchor="middle" font-size="13" data-majority="{needed}">'
            f"majority: {needed} of {total}</text>"
        )
    entries = [_legend_text(bloc, reserved_label, short=columns == 2) for bloc in blocs]
    per_column = math.ceil(len(blocs) / columns)
    starts = [MARGIN]
    if columns == 2:
        # The second column starts after the widest entry of the first (or half-way).
        first = max(_text_width(text) for text in entries[:per_column])
        starts.append(MARGIN + max((width - 2 * MARGIN) / 2, 20 + first + LEGEND_GAP))
    for number, (bloc, text) in enumerate(zip(blocs, entries, strict=True)):
        column, row = divmod(number, per_column)
        x = starts[column]
        y = legend_top + row * LEGEND_LINE
        room = width - MARGIN - x - 20
        # Only an entry too long for the whole width is drawn narrower; columns never overlap.
        fit = (
            f' textLength="{room:g}" lengthAdjust="spacingAndGlyphs"'
            if _text_width(text) > room
            else ""
        )
        out.append(
            f'<g class="legend-entry" data-list="{_attr(bloc.name)}" data-seats="{bloc.seats}">'
            f'<rect x="{x:g}" y="{y:g}" width="14" height="14" rx="3" '
            f'fill="{_attr(bloc.color)}"/>'
            f'<text x="{x + 20:g}" y="{y + 12:g}" font-size="13"{fit}>{escape(text)}</text></g>'
        )
    if any(bloc.reserved for bloc in blocs):
        y = legend_top + (legend_rows - 1) * LEGEND_LINE
        out.append(
            f'<g class="legend-reserved"><circle cx="{MARGIN + 7:g}" cy="{y + 7:g}" r="6" '
            f'fill="#fff" stroke="#000" stroke-width="1.5"/>'
            f'<text x="{MARGIN + 20:g}" y="{y + 12:g}" font-size="13">'
            f"ringed: {escape(reserved_label)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


__all__ = [
    "MAX_SEATS",
    "PALETTE",
    "Bloc",
    "default_color",
    "hemicycle_svg",
    "majority",
    "order_blocs",
    "seat_positions",
    "seat_radius",
]
