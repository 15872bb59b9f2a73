"""A panel: many demand series on one calendar, with what is known in advance (R-FC-2).

The one input every forecasting model takes; plain numpy arrays, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from stockpilot.domain.arrays import FloatArray, IntArray


@dataclass(frozen=True)
class Panel:
    """Many daily series on one calendar.

    ``units`` is series x history days, NaN on censored days (see censoring.py).
    ``price`` (series x days, NaN when not on sale) and every array in ``calendar``
    (per day: day of week, month, holidays, events...) run over the history and the
    horizon, because they are known in advance.
    ``groups`` gives integer codes per series (item, department, category...);
    ``categorical`` names the calendar arrays that are codes (an event type, say);
    ``covariates`` are other per-series, per-day values known in advance, such as
    the discount of a planned promotion; ``planned`` names those that mark a
    planned event (a promotion) which only the global model reads. ``season`` is the length of the main cycle
    in periods: 7 for daily data (the week), 12 for monthly data (the year).
    """

    units: FloatArray
    price: FloatArray
    calendar: dict[str, IntArray]
    groups: dict[str, IntArray] = field(default_factory=dict)
    categorical: tuple[str, ...] = ()  # calendar columns that are codes, not quantities
    covariates: dict[str, FloatArray] = field(default_factory=dict)  # series x days, e.g. promotion discount
    season: int = 7
    planned: tuple[str, ...] = ()  # covariates that are planned events, e.g. ("on_promotion",)

    def __post_init__(self) -> None:
        series, days = self.units.shape
        if self.price.shape[0] != series or self.price.shape[1] < days:
            raise ValueError("price must cover every series over the history and the horizon")
        if any(len(v) != self.price.shape[1] for v in self.calendar.values()):
            raise ValueError("calendar arrays must run over the same days as price")
        if any(len(v) != series for v in self.groups.values()):
            raise ValueError("group codes must have one value per series")
        if set(self.categorical) - set(self.calendar):
            raise ValueError("categorical names must be calendar arrays")
        if any(v.shape != self.price.shape for v in self.covariates.values()):
            raise ValueError("covariates must have the shape of price (series x days)")
        if set(self.planned) - set(self.covariates):
            raise ValueError("planned names must be covariates")

    @property
    def history_days(self) -> int:
        return int(self.units.shape[1])

    @property
    def series(self) -> int:
        return int(self.units.shape[0])

    def cut(self, history_days: int) -> Panel:
        """The same panel as it looked ``history_days`` days in (for backtests)."""
        return replace(self, units=self.units[:, :history_days])
