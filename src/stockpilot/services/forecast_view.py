"""One SKU's forecast as a person looks at it: its recent sales, the forecast mean and bands (R-FC-1, R-UI-1).

`stockpilot forecast show SKU` reads one stored run (the latest, or ``run_id``) through
``store.forecasts`` (services/ports/forecasts.py) and gives a :class:`ForecastView`:

- the location: the one asked for; else, of the locations the run forecasts the SKU at, the one
  that sold the most of it in the days shown (then the one forecast to sell the most, then the
  first id), and the others are listed so a person can ask for them (``--location``);
- the history: units sold on each of the ``history_days`` days up to the run's cut-off
  (setting ``forecast_show_history_days``), 0 on a day without a sale;
- per forecast day the stored mean and the central bands of :data:`BANDS` (80%: q0.10 to q0.90,
  95%: q0.025 to q0.975), computed from the stored distribution (the mean and the series'
  dispersion: negative binomial, mid-quantiles; domain/forecasting/distribution.py
  ``central_band``), and the day's actual sales where the data already reaches it (an older run).

:func:`write_forecast_chart` draws the view (adapters/exports/charts.py) in the reader's language.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from stockpilot.adapters.exports.charts import ChartBand, forecast_chart
from stockpilot.adapters.exports.files import safe_name
from stockpilot.domain.forecasting.distribution import central_band
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.ports import Storage
from stockpilot.services.ports.forecasts import ForecastRunRecord, Named
from stockpilot.services.review import in_language
from stockpilot.settings import Settings

BANDS = (0.80, 0.95)  # the central bands shown, narrow first
CHART_FOLDER = Path(".stockpilot/charts")

# How the location was chosen: named by the person; the only one forecast; the one selling most.
ASKED, ONLY, MOST_SALES = "asked", "only", "most_sales"


@dataclass(frozen=True)
class Band:
    """A central band of a day's demand: ``coverage`` of the distribution lies between ``low`` and ``high``."""

    coverage: float
    low: float
    high: float


@dataclass(frozen=True)
class SalesDay:
    """Units sold on one day of the history."""

    date: dt.date
    actual: float


@dataclass(frozen=True)
class ForecastDay:
    """One forecast day: the mean, the bands of :data:`BANDS`, and the sales if the data has the day."""

    date: dt.date
    mean: float
    bands: tuple[Band, ...]
    actual: float | None


@dataclass(frozen=True)
class ForecastView:
    """One SKU at one location in one forecast run; ``to_dict`` is its JSON (``forecast show --json``)."""

    run_id: int
    cutoff: dt.date  # the run's last day of data
    product: Named  # the SKU and its names (only the SKU as its name if it is not in the products)
    location: Named
    location_chosen: str  # ASKED, ONLY or MOST_SALES
    other_locations: tuple[str, ...]  # the other locations the run forecasts the SKU at
    model: str
    dispersion: float  # phi: variance = mean + phi * mean**2
    history: tuple[SalesDay, ...]
    forecast: tuple[ForecastDay, ...]

    @property
    def sku(self) -> str:
        return self.product.id

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)  # dates print as ISO days (the door's JSON default is str)


def forecast_view(
    store: Storage,
    settings: Settings,
    sku: str,
    *,
    location: str | None = None,
    run_id: int | None = None,
    history_days: int | None = None,
) -> ForecastView:
    """The view of ``sku`` in run ``run_id`` (default: the latest) at ``location`` (default: see the
    module docstring), with ``history_days`` days of sales (default: setting forecast_show_history_days)."""
    days = settings.forecasting.forecast_show_history_days if history_days is None else history_days
    if days < 0:
        raise Refusal("refusal.not_negative", name="--days-of-history")
    run_id, run = _run(store, run_id)
    rows = store.forecasts.sku_forecasts(run_id, sku)
    product = store.forecasts.product(sku)
    if rows.num_rows == 0:
        if product is None:
            raise Refusal("refusal.forecast_unknown_sku", sku=sku)
        raise Refusal("refusal.forecast_no_sku", sku=sku, run_id=run_id)
    places = np.asarray(rows["location_id"].to_pylist(), dtype=object)
    means = rows["mean"].to_numpy().astype(float)
    known = tuple(dict.fromkeys(str(p) for p in places))
    if location is not None and location not in known:
        if store.forecasts.location(location) is None:
            raise Refusal("refusal.forecast_unknown_location", location=location)
        raise Refusal(
            "refusal.forecast_no_sku_at", sku=sku, location=location, run_id=run_id, locations=", ".join(known)
        )
    first = run.cutoff - dt.timedelta(days=days - 1)
    dates = rows["date"].to_pylist()
    sold = _sold(store, sku, min(first, run.first_date), max(dates))
    shown = [first + dt.timedelta(days=i) for i in range(days)]
    if location is not None:
        chosen, how = location, ASKED
    elif len(known) == 1:
        chosen, how = known[0], ONLY
    else:  # most sold in the days shown, then most forecast, then the first id
        totals = {p: (sum(sold.get(p, {}).get(d, 0.0) for d in shown), float(means[places == p].sum())) for p in known}
        chosen, how = max(known, key=lambda p: totals[p]), MOST_SALES
    here = places == chosen
    mean, phi = means[here], rows["dispersion"].to_numpy()[here][:1].astype(float)
    ends = {c: central_band(mean.reshape(1, -1), phi, c) for c in BANDS}
    units = sold.get(chosen, {})
    known_until = store.sales.sale_days()
    forecast = tuple(
        ForecastDay(
            date=day,
            mean=float(mean[i]),
            bands=tuple(Band(c, float(low[0, i]), float(high[0, i])) for c, (low, high) in ends.items()),
            actual=units.get(day, 0.0) if known_until is not None and day <= known_until.last else None,
        )
        for i, day in enumerate(d for d, mine in zip(dates, here, strict=True) if mine)
    )
    return ForecastView(
        run_id=run_id,
        cutoff=run.cutoff,
        product=product or Named(sku, sku, None),
        location=store.forecasts.location(chosen) or Named(chosen, chosen, None),
        location_chosen=how,
        other_locations=tuple(p for p in known if p != chosen),
        model=str(rows["model"].to_pylist()[int(np.argmax(here))]),
        dispersion=float(phi[0]),
        history=tuple(SalesDay(day, units.get(day, 0.0)) for day in shown),
        forecast=forecast,
    )


def _run(store: Storage, run_id: int | None) -> tuple[int, ForecastRunRecord]:
    """The run asked for, else the latest; refused if there is none."""
    if run_id is None:
        run_id = store.forecasts.latest_run_id()
        if run_id is None:
            raise Refusal("refusal.no_forecast")
    run = store.forecasts.run(run_id)
    if run is None:
        raise Refusal("refusal.forecast_unknown_run", run_id=run_id)
    return run_id, run


def _sold(store: Storage, sku: str, first: dt.date, last: dt.date) -> dict[str, dict[dt.date, float]]:
    """Units of ``sku`` sold per location and day from ``first`` to ``last`` (days with sales only)."""
    found: dict[str, dict[dt.date, float]] = {}
    for row in store.forecasts.daily_sales(sku, first, last).to_pylist():
        found.setdefault(row["location_id"], {})[row["date"]] = float(row["units"])
    return found


def name_in(named: Named, language: str) -> str:
    """A product's or a location's name in ``language`` (services/review.py ``in_language``)."""
    return in_language(named.name_en, named.name_zh, language)


def default_chart_path(view: ForecastView) -> Path:
    """``.stockpilot/charts/forecast-<sku>-<location>.png``, the ids made safe as file names."""
    return CHART_FOLDER / f"{safe_name(f'forecast-{view.sku}-{view.location.id}')}.png"


def write_forecast_chart(view: ForecastView, path: Path, language: str) -> list[Path]:
    """The view as a chart, worded in ``language``: ``path`` (a PNG) and an SVG beside it."""
    days = view.forecast
    return forecast_chart(
        [(d.date, d.actual) for d in view.history] + [(d.date, d.actual) for d in days if d.actual is not None],
        [(d.date, d.mean) for d in days],
        [
            ChartBand(
                render("chart.forecast.band", language, coverage=coverage),
                [(d.date, d.bands[i].low, d.bands[i].high) for d in days],
            )
            for i, coverage in reversed(list(enumerate(BANDS)))  # the wide band first, under the narrow
        ],
        origin=days[0].date,
        path=path,
        title=render(
            "chart.forecast.title",
            language,
            sku=view.sku,
            name=name_in(view.product, language),
            location=view.location.id,
        ),
        x_label=render("chart.forecast.x", language),
        y_label=render("chart.forecast.y", language),
        actual_label=render("chart.forecast.actual", language),
        mean_label=render("chart.forecast.mean", language),
        origin_label=render("chart.forecast.origin", language, date=days[0].date.isoformat()),
        language=language,
    )
