"""Charts as files: the replay's trade-off curves, PNG for people and SVG for reports.

Matplotlib with its file-only Agg backend (no display needed, safe on a server).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

FORMATS = ("png", "svg")


def tradeoff_chart(
    curves: Mapping[str, Sequence[tuple[float, float]]],
    marks: Mapping[str, tuple[float, float]],
    stem: Path,
    *,
    title: str,
    x_label: str,
    y_label: str,
    log_y: bool = False,
) -> list[Path]:
    """One line per policy through its swept (x, y) points, and a labelled marker per
    policy at its usual setting; written to ``stem``.png and ``stem``.svg. Text is
    printed as given (a "$" is a currency sign, not maths)."""
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
