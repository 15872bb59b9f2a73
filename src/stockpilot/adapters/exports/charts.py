"""Charts as files: the replay's trade-off curves, PNG for people and SVG for reports.

Matplotlib with its file-only Agg backend (no display needed, safe on a server). The words
come from the caller (the catalogue, in the reader's language). For Traditional Chinese the
chart asks for the CJK fonts installed on the machine (Noto Sans CJK, Source Han Sans, ...)
before matplotlib's default, and the SVG keeps its text as text, so a viewer draws it with its
own fonts even where the machine has no CJK font (the PNG then shows empty boxes).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
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
    with plt.rc_context(), warnings.catch_warnings():
        if language.lower().startswith("zh"):  # for this chart only: rc_context restores them
            plt.rcParams["font.sans-serif"] = [*_installed_cjk_fonts(), *plt.rcParams["font.sans-serif"]]
            plt.rcParams["svg.fonttype"] = "none"
        # Without a CJK font the PNG shows boxes and the SVG keeps the text (the module docstring).
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
        try:
            for name, points in curves.items():
                ordered = sorted(points)
                axes.plot([x for x, _ in ordered], [y for _, y in ordered], marker="o", markersize=3, label=name)
            if log_y:
                axes.set_yscale("log")
            for name, (x, y) in marks.items():
                axes.plot([x], [y], marker="*", markersize=12, color="black", linestyle="none")
                axes.annotate(name, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=8, parse_math=False)
            axes.set_title(title, parse_math=False)
            axes.set_xlabel(x_label, parse_math=False)
            axes.set_ylabel(y_label, parse_math=False)
            axes.grid(alpha=0.3)
            axes.legend()
            figure.tight_layout()
            stem.parent.mkdir(parents=True, exist_ok=True)
            paths = [stem.with_suffix(f".{fmt}") for fmt in FORMATS]
            for path in paths:
                figure.savefig(path, metadata={"Date": None} if path.suffix == ".svg" else None)
            return paths
        finally:
            plt.close(figure)
