"""One SKU's forecast for people (`stockpilot forecast show`): a header, then a table of the days
shown: date, actual sales, forecast mean, and the 80% and 95% bands as low–high."""

from __future__ import annotations

from stockpilot.messages import render
from stockpilot.presenters import Line, display_width
from stockpilot.services.forecast_view import BANDS, MOST_SALES, ForecastView, name_in

WIDTHS = (10, 9, 8, 13, 13)  # date, actual, mean, then one per band


def _row(cells: list[str]) -> str:
    """The cells in their columns: the date left, the numbers right."""
    shown = [cells[0] + " " * (WIDTHS[0] - display_width(cells[0]))]
    shown += [
        " " * max(width - display_width(cell), 0) + cell for cell, width in zip(cells[1:], WIDTHS[1:], strict=True)
    ]
    return "  " + "  ".join(shown).rstrip()


def _number(value: float | None) -> str:
    """One decimal ("-": not known yet)."""
    return "-" if value is None else f"{value:,.1f}"


def forecast_report(view: ForecastView, language: str) -> list[Line]:
    """The header (SKU and name, location and name, run, model), then the history and forecast days."""
    shown = [
        Line(
            render(
                "forecast_show_title",
                language,
                sku=view.sku,
                name=name_in(view.product, language),
                location=view.location.id,
                location_name=name_in(view.location, language),
                run_id=view.run_id,
                model=view.model,
                cutoff=view.cutoff.isoformat(),
            ),
            "bold",
        )
    ]
    if view.location_chosen == MOST_SALES:
        others = ", ".join(view.other_locations)
        shown.append(
            Line("  " + render("forecast_show_most_sales", language, location=view.location.id, others=others))
        )
    shown.append(Line("  " + render("forecast_show_bands", language, dispersion=view.dispersion)))
    bands = [render("forecast_show_band", language, coverage=c) for c in BANDS]
    header = [render(f"forecast_show_{column}", language) for column in ("date", "actual", "mean")] + bands
    shown.append(Line(_row(header), "bold"))
    if view.history:
        shown.append(Line(render("forecast_show_history", language, days=len(view.history))))
        shown += [Line(_row([d.date.isoformat(), _number(d.actual), "", "", ""])) for d in view.history]
    shown.append(Line(render("forecast_show_forecast", language, days=len(view.forecast))))
    for day in view.forecast:
        ends = [f"{b.low:.1f}–{b.high:.1f}" for b in day.bands]
        shown.append(Line(_row([day.date.isoformat(), _number(day.actual), _number(day.mean), *ends])))
    return shown
