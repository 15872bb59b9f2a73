"""Charts as files: the replay's trade-off curves and one SKU's forecast, PNG for people and SVG for reports.

Matplotlib with its file-only Agg backend (no display needed, safe on a server). The words
come from the caller (the catalogue, in the reader's language). For Traditional Chinese the
chart asks for the CJK fonts installed on the machine (Noto Sans CJK, Source Han Sans, ...)
before matplotlib's default, and the SVG keeps its text as text, so a viewer draws it with its
own fonts even where the machine has no CJK font (the PNG then shows empty boxes).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib import dates as mdates  # noqa: E402
from matplotlib import font_manager  # noqa: E402

FORMATS = ("png", "svg")
CJK_FONTS = (
    "Noto Sans CJK TC",
    "Noto Sans CJK HK",
    "Noto Sans TC",
    "Source Han Sans TC",
    "Source Han Sans HK",
    "Microsoft JhengHei",
    "PingFang HK",
    "PingFang TC",
    "WenQuanYi Zen Hei",
)


def _installed_cjk_fonts() -> list[str]:
    """The fonts of :data:`CJK_FONTS` this machine has, in that order."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed]


@contextmanager
def _figure(language: str) -> Iterator[tuple[Any, Any]]:
    """A figure and its axes with fonts for ``language``; the settings and the figure are dropped after."""
    with plt.rc_context(), warnings.catch_warnings():
        if language.lower().startswith("zh"):  # for this chart only: rc_context restores them
            plt.rcParams["font.sans-serif"] = [*_installed_cjk_fonts(), *plt.rcParams["font.sans-serif"]]
            plt.rcParams["svg.fonttype"] = "none"
        # Without a CJK font the PNG shows boxes and the SVG keeps the text (the module docstring).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
        try:
            yield figure, axes
        finally:
            plt.close(figure)


def _save(figure: Any, axes: Any, paths: list[Path], *, title: str, x_label: str, y_label: str) -> list[Path]:
    """Title, axis labels (as given: a "$" is a currency sign, not maths), grid and legend, then each
    of ``paths`` in the format of its suffix (no date in an SVG, so the same chart gives the same file)."""
    axes.set_title(title, parse_math=False)
    axes.set_xlabel(x_label, parse_math=False)
    axes.set_ylabel(y_label, parse_math=False)
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None)
    return paths


def tradeoff_chart(
    curves: Mapping[str, Sequence[tuple[float, float]]],
    marks: Mapping[str, tuple[float, float]],
    stem: Path,
    *,
    title: str,
    x_label: str,
    y_label: str,
    log_y: bool = False,
    language: str = "en",
) -> list[Path]:
    """One line per policy through its swept (x, y) points, and a labelled marker per
    policy at its usual setting; written to ``stem``.png and ``stem``.svg. Text is
    printed as given (a "$" is a currency sign, not maths), in fonts for ``language``."""
    with _figure(language) as (figure, axes):
        for name, points in curves.items():
            ordered = sorted(points)
            axes.plot([x for x, _ in ordered], [y for _, y in ordered], marker="o", markersize=3, label=name)
        if log_y:
            axes.set_yscale("log")
        for name, (x, y) in marks.items():
            axes.plot([x], [y], marker="*", markersize=12, color="black", linestyle="none")
            axes.annotate(name, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=8, parse_math=False)
        paths = [stem.with_suffix(f".{fmt}") for fmt in FORMATS]
        return _save(figure, axes, paths, title=title, x_label=x_label, y_label=y_label)


@dataclass(frozen=True)
class ChartBand:
    """A shaded band of a forecast chart: its legend label and (day, low, high) per day."""

    label: str
    days: Sequence[tuple[dt.date, float, float]]


def forecast_chart(
    actual: Sequence[tuple[dt.date, float]],
    mean: Sequence[tuple[dt.date, float]],
    bands: Sequence[ChartBand],
    *,
    origin: dt.date,
    path: Path,
    title: str,
    x_label: str,
    y_label: str,
    actual_label: str,
    mean_label: str,
    origin_label: str,
    language: str = "en",
) -> list[Path]:
    """One SKU's daily sales (a line), its forecast mean (a dashed line) over the bands (shaded, in
    the order given: the wide one first), and a vertical line at the forecast's first day
    ``origin``; written to ``path`` as PNG (".png" added unless it ends so) and beside it as SVG,
    worded as given in fonts for ``language``."""
    png = path if path.suffix.lower() == ".png" else path.with_name(path.name + ".png")
    with _figure(language) as (figure, axes):
        for shade, band in zip((0.18, 0.35), bands, strict=False):
            axes.fill_between(
                [d for d, _, _ in band.days],
                [low for _, low, _ in band.days],
                [high for _, _, high in band.days],
                color="tab:blue",
                alpha=shade,
                linewidth=0,
                label=band.label,
            )
        axes.plot([d for d, _ in actual], [y for _, y in actual], color="black", linewidth=1.2, label=actual_label)
        axes.plot([d for d, _ in mean], [y for _, y in mean], color="tab:blue", linestyle="--", label=mean_label)
        axes.axvline(origin, color="tab:red", linewidth=1, linestyle=":", label=origin_label)
        axes.set_ylim(bottom=0)
        locator = mdates.AutoDateLocator()
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        paths = [png, png.with_suffix(".svg")]
        return _save(figure, axes, paths, title=title, x_label=x_label, y_label=y_label)
