"""Charts for the web pages as small SVG drawn by hand: an XY chart (lines and marked points) and
a shaded class matrix.

Pure functions: numbers and words in (the words from the catalogue, in the reader's language),
SVG text out as :class:`markupsafe.Markup`, every text and attribute value escaped first, so a
product name holding ``<script>`` stays text. Each chart is ``role="img"`` with a ``<title>`` and
a ``<desc>`` that name it to a screen reader (WAI-ARIA ``aria-labelledby``), axes with tick
labels, and a legend. Colours and sizes are SVG presentation attributes: the pages'
Content-Security-Policy (``style-src 'self'``) refuses ``style`` attributes and elements.
Series are told apart by dash as well as colour.

Ticks fall on "nice numbers", 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers for graph
labels", Graphics Gems, 1990).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

WIDTH = 560
LEFT, RIGHT, TOP, PLOT_HEIGHT = 88, 44, 30, 220
PLOT_WIDTH = WIDTH - LEFT - RIGHT
LEGEND_ROW = 20
FONT = 12
INK, MUTED, GRID = "#1d2733", "#5b6675", "#d8dde3"
SHADE = "#0b6e4f"  # the app's accent

Point = tuple[float, float | None]  # y None: no value that day, the line breaks there
Shape = Literal["circle", "diamond", "square"]


@dataclass(frozen=True)
class Axis:
    """An axis: its label, the range drawn and the ticks (value, text) along it."""

    label: str
    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]

    def __post_init__(self) -> None:
        if not self.high > self.low:
            raise ValueError(f"an axis needs high > low, not {self.low}..{self.high}")


@dataclass(frozen=True)
class Line:
    """A series drawn as a line, named in the legend."""

    label: str
    points: tuple[Point, ...]
    colour: str
    dashed: bool = False


@dataclass(frozen=True)
class Mark:
    """One point marked and named in the legend."""

    label: str
    at: tuple[float, float]
    colour: str
    shape: Shape


@dataclass(frozen=True)
class Words:
    """What a chart says to a screen reader: its title and a description of what it shows."""

    title: str
    desc: str


def nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """At most ``most`` ticks covering ``low..high``, on multiples of a nice step (1, 2 or 5 x 10^k)."""
    if not high > low:
        high = low + 1
    for step in _nice_steps((high - low) / most):
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first + 1 <= most:
            return [round(k * step, 12) for k in range(first, last + 1)]
    raise AssertionError("unreachable: the steps grow without end")


def _nice_steps(rough: float) -> list[float]:
    """Nice steps from about ``rough`` upward."""
    power = 10.0 ** math.floor(math.log10(rough))
    return [m * power * 10**k for k in range(3) for m in (1, 2, 5)]


def tick_text(value: float, step: float) -> str:
    """``value`` with thousands separators and as many decimals as the step between ticks needs."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return f"{value:,.{decimals}f}"


def axis(label: str, values: Sequence[float], words: Callable[[str], str], *, from_zero: bool = True) -> Axis:
    """An axis over ``values`` (and 0, when ``from_zero``) with nice ticks, each tick's number put
    into its words by ``words`` (e.g. ``"HK$1,000"``)."""
    low, high = min(values, default=0.0), max(values, default=1.0)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    return Axis(label, ticks[0], ticks[-1], tuple((t, words(tick_text(t, step))) for t in ticks))


def day_axis(label: str, first: dt.date, days: int, most: int = 6) -> Axis:
    """An axis over days 0 .. ``days`` - 1 from ``first``, ticked every 1, 7, 14, 28 ... days with the date."""
    steps = (1, 7, 14, 28, 56, 91, 182, 364)
    step = next((s for s in steps if math.ceil(days / s) <= most), steps[-1])
    ticks = tuple((float(d), (first + dt.timedelta(days=d)).isoformat()) for d in range(0, days, step))
    return Axis(label, 0.0, float(max(days - 1, 1)), ticks)


def x_pixel(x_axis: Axis, x: float) -> float:
    """Where ``x`` falls across the plot, in SVG pixels."""
    return LEFT + (x - x_axis.low) / (x_axis.high - x_axis.low) * PLOT_WIDTH


def y_pixel(y_axis: Axis, y: float) -> float:
    """Where ``y`` falls down the plot, in SVG pixels (up is more)."""
    return TOP + PLOT_HEIGHT - (y - y_axis.low) / (y_axis.high - y_axis.low) * PLOT_HEIGHT


def _n(value: float) -> str:
    return f"{value:.1f}"


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = FONT, fill: str = INK) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{size}" fill="{escape(fill)}">'
        f"{escape(text)}</text>"
    )


def _marker(x: float, y: float, mark: Mark) -> str:
    colour = escape(mark.colour)
    if mark.shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{colour}" stroke="#fff" stroke-width="1.5"/>'
    if mark.shape == "square":
        return f'<rect x="{_n(x - 4.5)}" y="{_n(y - 4.5)}" width="9" height="9" fill="{colour}"/>'
    return (
        f'<path d="M{_n(x)} {_n(y - 7)}L{_n(x + 7)} {_n(y)}L{_n(x)} {_n(y + 7)}L{_n(x - 7)} {_n(y)}Z" '
        f'fill="none" stroke="{colour}" stroke-width="2"/>'
    )


def _segments(points: Sequence[Point]) -> list[list[tuple[float, float]]]:
    """The runs of points with a y, in order: a point without one breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for x, y in points:
        if y is None:
            runs.append([])
        else:
            runs[-1].append((x, y))
    return [run for run in runs if run]


def _open(chart_id: str, height: float, words: Words) -> str:
    name = escape(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{name}" role="img" width="{WIDTH}" height="{_n(height)}" '
        f'viewBox="0 0 {WIDTH} {_n(height)}" aria-labelledby="{name}-title {name}-desc">'
        f'<title id="{name}-title">{escape(words.title)}</title><desc id="{name}-desc">{escape(words.desc)}</desc>'
    )


def xy_chart(
    chart_id: str,
    words: Words,
    x_axis: Axis,
    y_axis: Axis,
    lines: Sequence[Line],
    marks: Sequence[Mark] = (),
    guide: tuple[float, str] | None = None,
) -> Markup:
    """Lines and marked points on two axes, with a legend below; ``guide``: a dashed vertical line
    at an x, with its words (e.g. the same stock value)."""
    bottom = TOP + PLOT_HEIGHT
    legend_top = bottom + 52
    height = legend_top + LEGEND_ROW * (len(lines) + len(marks)) + 4
    parts = [_open(chart_id, height, words), _text(LEFT, TOP - 14, y_axis.label, fill=MUTED)]
    for value, label in y_axis.ticks:
        y = y_pixel(y_axis, value)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GRID}"/>')
        parts.append(_text(LEFT - 6, y + 4, label, anchor="end"))
    for value, label in x_axis.ticks:
        x = x_pixel(x_axis, value)
        parts.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{bottom}" y2="{bottom + 5}" stroke="{INK}"/>')
        parts.append(_text(x, bottom + 18, label, anchor="middle"))
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + PLOT_WIDTH}" y1="{bottom}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(_text(LEFT + PLOT_WIDTH / 2, bottom + 38, x_axis.label, anchor="middle", fill=MUTED))
    if guide is not None:
        x = x_pixel(x_axis, guide[0])
        parts.append(
            f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{TOP}" y2="{bottom}" stroke="{MUTED}" stroke-dasharray="2 3"/>'
        )
        parts.append(_text(x + 4, TOP + 12, guide[1], size=FONT - 1, fill=MUTED))
    for line in lines:
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        for run in _segments(line.points):
            path = " ".join(f"{_n(x_pixel(x_axis, x))},{_n(y_pixel(y_axis, y))}" for x, y in run)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{escape(line.colour)}" stroke-width="2"{dash}/>'
            )
    parts += [_marker(x_pixel(x_axis, m.at[0]), y_pixel(y_axis, m.at[1]), m) for m in marks]
    parts.append(f'<g class="legend" transform="translate({LEFT},{legend_top})">')
    for row, line in enumerate(lines):
        y = row * LEGEND_ROW
        dash = ' stroke-dasharray="6 4"' if line.dashed else ""
        parts.append(f'<line x1="0" x2="28" y1="{y}" y2="{y}" stroke="{escape(line.colour)}" stroke-width="2"{dash}/>')
        parts.append(_text(36, y + 4, line.label))
    for row, mark in enumerate(marks, len(lines)):
        parts.append(_marker(14, row * LEGEND_ROW, mark))
        parts.append(_text(36, row * LEGEND_ROW + 4, mark.label))
    parts.append("</g></svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Cell:
    """One cell of a class matrix: how many it holds (its shade) and the words shown in it."""

    count: int
    lines: tuple[str, ...]


MATRIX_HEADER, CELL_WIDTH, CELL_HEIGHT = 64, 160, 64


def shade(count: int, most: int) -> float:
    """A cell's fill opacity: its count over the largest count (0 when every cell is empty)."""
    return count / most if most > 0 else 0.0


def matrix_chart(
    chart_id: str,
    words: Words,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Sequence[Sequence[Cell]],
    axis_labels: tuple[str, str],
    legend: str,
) -> Markup:
    """A grid of ``rows`` x ``columns`` (their labels at the side and on top), each cell shaded by
    its count over the largest; ``axis_labels``: the words of the rows and of the columns;
    ``legend``: what the shades mean, beside a scale from lightest to darkest."""
    most = max((cell.count for row in cells for cell in row), default=0)
    top = TOP + 24
    grid_bottom = top + CELL_HEIGHT * len(rows)
    height = grid_bottom + 60
    parts = [_open(chart_id, height, words), _text(MATRIX_HEADER, TOP - 14, axis_labels[1], fill=MUTED)]
    for j, column in enumerate(columns):
        parts.append(_text(MATRIX_HEADER + CELL_WIDTH * (j + 0.5), top - 8, column, anchor="middle", size=FONT + 2))
    for i, (row, row_cells) in enumerate(zip(rows, cells, strict=True)):
        y = top + CELL_HEIGHT * i
        parts.append(_text(MATRIX_HEADER / 2, y + CELL_HEIGHT / 2 + 5, row, anchor="middle", size=FONT + 2))
        for j, cell in enumerate(row_cells):
            x = MATRIX_HEADER + CELL_WIDTH * j
            opacity = shade(cell.count, most)
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" fill="{SHADE}" '
                f'fill-opacity="{opacity:.3f}" stroke="{GRID}"/>'
            )
            ink = "#fff" if opacity > 0.5 else INK
            for k, text in enumerate(cell.lines):
                size = FONT + 4 if k == 0 else FONT
                parts.append(_text(x + CELL_WIDTH / 2, y + 26 + 18 * k, text, anchor="middle", size=size, fill=ink))
    parts.append(_text(MATRIX_HEADER, grid_bottom + 20, axis_labels[0], fill=MUTED))
    parts.append(f'<g class="legend" transform="translate({MATRIX_HEADER},{grid_bottom + 34})">')
    swatches = 5
    for k in range(swatches):
        parts.append(
            f'<rect x="{18 * k}" y="0" width="18" height="12" fill="{SHADE}" '
            f'fill-opacity="{k / (swatches - 1):.3f}" stroke="{GRID}"/>'
        )
    parts.append(_text(18 * swatches + 8, 10, legend))
    parts.append("</g></svg>")
    return Markup("".join(parts))
