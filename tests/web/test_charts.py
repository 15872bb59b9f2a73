"""The web pages' SVG charts (doors/web/charts.py): nice ticks, known data at known pixels, every
text escaped, well-formed SVG with a title, a description and a legend."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from stockpilot.doors.web import charts
from stockpilot.doors.web.charts import Axis, Cell, Line, Mark, Words

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & co'


def parsed(svg: str) -> ET.Element:
    """The chart as XML: it must be well-formed."""
    return ET.fromstring(svg)


def texts(element: ET.Element) -> list[str]:
    return [node.text or "" for node in element.iter(f"{SVG}text")]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 97, [0, 20, 40, 60, 80, 100]),
        (0, 0.37, [0, 0.1, 0.2, 0.3, 0.4]),
        (12_345, 67_890, [0, 20_000, 40_000, 60_000, 80_000]),
        (-3, 3, [-4, -2, 0, 2, 4]),
        (5, 5, [5, 5.2, 5.4, 5.6, 5.8, 6]),  # no range: one unit up from the value
    ],
)
def test_ticks_fall_on_nice_numbers_and_cover_the_range(low, high, ticks):
    assert charts.nice_ticks(low, high) == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("value", "step", "text"),
    [(20_000, 20_000, "20,000"), (0.2, 0.1, "0.2"), (2.5, 0.5, "2.5"), (0.05, 0.05, "0.05"), (1_500, 500, "1,500")],
)
def test_a_tick_shows_as_many_decimals_as_its_step_needs(value, step, text):
    assert charts.tick_text(value, step) == text


def test_an_axis_is_ticked_from_zero_and_worded_by_the_caller():
    built = charts.axis("stock", [3.0, 97.0], lambda number: f"HK${number}")
    assert (built.low, built.high) == (0, 100)
    assert [label for _, label in built.ticks] == ["HK$0", "HK$20", "HK$40", "HK$60", "HK$80", "HK$100"]
    assert (charts.axis("x", [30.0, 47.0], str, from_zero=False).low, charts.axis("x", [30.0, 47.0], str).low) == (
        30,
        0,
    )
    with pytest.raises(ValueError, match="high > low"):
        Axis("flat", 1.0, 1.0, ())


def test_a_day_axis_is_ticked_every_fortnight_over_eight_weeks_with_the_date():
    days = charts.day_axis("day", dt.date(2024, 1, 1), 56)
    assert days.ticks == ((0, "2024-01-01"), (14, "2024-01-15"), (28, "2024-01-29"), (42, "2024-02-12"))
    assert (days.low, days.high) == (0, 55)
    year = charts.day_axis("day", dt.date(2024, 1, 1), 365)
    assert [day for day, _ in year.ticks] == [0, 91, 182, 273, 364]


def test_known_data_maps_to_known_pixels():
    # the plot spans x 88..516 (560 wide, margins 88 and 44) and y 30..250 (220 high)
    x_axis, y_axis = Axis("x", 0, 100, ()), Axis("y", 0, 200, ())
    assert (charts.x_pixel(x_axis, 0), charts.x_pixel(x_axis, 50), charts.x_pixel(x_axis, 100)) == (88, 302, 516)
    assert (charts.y_pixel(y_axis, 0), charts.y_pixel(y_axis, 50), charts.y_pixel(y_axis, 200)) == (250, 195, 30)
    svg = charts.xy_chart("c", Words("t", "d"), x_axis, y_axis, [Line("a", ((0, 0), (50, 50), (100, 200)), "#000")])
    (polyline,) = parsed(svg).iter(f"{SVG}polyline")
    assert polyline.get("points") == "88.0,250.0 302.0,195.0 516.0,30.0"


def _chart(label: str = "Stock Pilot") -> str:
    x_axis = Axis("stock value", 0, 100, ((0, "HK$0"), (100, "HK$100")))
    y_axis = Axis("lost units", 0, 10, ((0, "0"), (10, "10")))
    lines = [
        Line(label, ((0, 10), (50, None), (60, 4), (100, 2)), "#0b6e4f"),
        Line("rule", ((0, 9), (100, 5)), "#b35c00", dashed=True),
    ]
    marks = [Mark("usual", (60, 4), "#0b6e4f", "square"), Mark("equal", (50, 5), "#0b6e4f", "diamond")]
    return charts.xy_chart("tradeoff", Words("Trade-off", "two lines"), x_axis, y_axis, lines, marks, (50, "same"))


def test_an_xy_chart_names_itself_to_a_screen_reader_and_has_axes_and_a_legend():
    root = parsed(_chart())
    assert (root.get("role"), root.get("aria-labelledby")) == ("img", "tradeoff-title tradeoff-desc")
    assert root.find(f"{SVG}title").text == "Trade-off" and root.find(f"{SVG}desc").text == "two lines"
    assert root.find(f"{SVG}title").get("id") == "tradeoff-title"
    shown = texts(root)
    assert {"stock value", "lost units", "HK$0", "HK$100", "0", "10", "same"} <= set(shown)
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert texts(legend) == ["Stock Pilot", "rule", "usual", "equal"]  # every line, then every mark, in order
    # the line breaks where a day has no value; the rule is dashed, in the plot and in the legend
    polylines = list(root.iter(f"{SVG}polyline"))
    assert [p.get("points").count(",") for p in polylines] == [1, 2, 2]
    assert [p.get("stroke-dasharray") for p in polylines] == [None, None, "6 4"]
    assert root.find(f"{SVG}rect") is not None and root.find(f"{SVG}path") is not None  # the two marks
    assert "style" not in _chart()  # the Content-Security-Policy refuses style attributes


def test_every_text_is_escaped_and_stays_text():
    svg = _chart(HOSTILE)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert HOSTILE in texts(parsed(svg))  # read back as the very words
    words = Words(HOSTILE, HOSTILE)
    other = charts.xy_chart('"><x', words, Axis(HOSTILE, 0, 1, ((0, HOSTILE),)), Axis(HOSTILE, 0, 1, ()), [])
    root = parsed(other)
    assert root.get("id") == '"><x' and root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f"{SVG}desc").text == HOSTILE and texts(root).count(HOSTILE) == 3
    assert "<script>" not in other


def test_the_shade_of_a_cell_is_its_count_over_the_largest():
    assert (charts.shade(5, 10), charts.shade(10, 10), charts.shade(0, 10), charts.shade(0, 0)) == (0.5, 1, 0, 0)


def test_a_matrix_chart_shades_nine_cells_with_their_words():
    counts = [[8, 2, 0], [1, 4, 0], [0, 0, 1]]
    cells = [[Cell(n, (f"{n} SKUs", f"HK${n * 10}")) for n in row] for row in counts]
    svg = charts.matrix_chart("m", Words("Matrix", "nine"), "ABC", "XYZ", cells, ("rows", "columns"), "darker: more")
    root = parsed(svg)
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "160"]
    assert [r.get("fill-opacity") for r in rects] == [f"{n / 8:.3f}" for row in counts for n in row]
    assert (rects[0].get("x"), rects[0].get("y"), rects[8].get("x"), rects[8].get("y")) == ("64", "54", "384", "182")
    shown = texts(root)
    assert {"A", "B", "C", "X", "Y", "Z", "rows", "columns", "8 SKUs", "HK$80", "0 SKUs"} <= set(shown)
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert texts(legend) == ["darker: more"] and len(list(legend.iter(f"{SVG}rect"))) == 5
    full = next(t for t in root.iter(f"{SVG}text") if t.text == "8 SKUs")
    assert full.get("fill") == "#fff"  # light text on the darkest cell
    hostile = charts.matrix_chart(
        "m", Words(HOSTILE, HOSTILE), [HOSTILE], "X", [[Cell(1, (HOSTILE,))]], ("r", "c"), "l"
    )
    assert "<script>" not in hostile and texts(parsed(hostile)).count(HOSTILE) == 2
