"""Store-level daily demand built from real SKU series (pure, seeded).

Each demo SKU takes the daily units of one real Online Retail II SKU: its
intermittency, trend and seasonality. Days the source shop was shut (its
Saturdays, its Christmas break) borrow a nearby trading day, because the demo
stores trade every day. Hong Kong calendar effects and promotions then scale
the chain's demand, and each day's units are split across the stores by store
size, the store's weekday profile and day-to-day noise.
"""

from __future__ import annotations

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray, IntArray
from stockpilot.domain.demochain.profiles import Store

NEIGHBOURHOOD = 3  # a shut source day borrows a trading day at most this many days away
STORE_NOISE_SHAPE = 20.0  # gamma shape of the daily store-share noise (cv = 1/sqrt(20) = 22%)


def fill_shut_days(units: IntArray, trading: BoolArray, rng: np.random.Generator) -> IntArray:
    """``units`` (SKU x day) with every shut day replaced by a trading day within +-3 days."""
    filled = units.copy()
    open_days = np.flatnonzero(trading)
    for day in np.flatnonzero(~trading):
        near = open_days[np.abs(open_days - day) <= NEIGHBOURHOOD]
        if near.size == 0:
            near = open_days[[np.argmin(np.abs(open_days - day))]]
        filled[:, day] = units[:, rng.choice(near)]
    return filled


def scale_counts(units: IntArray, factor: FloatArray, rng: np.random.Generator) -> IntArray:
    """Whole units scaled by ``factor``: binomial thinning below 1, Poisson extra above 1.

    Keeps counts whole and a zero day zero, so a series keeps its intermittency.
    """
    factor = np.broadcast_to(factor, units.shape)
    thinned = rng.binomial(units, np.minimum(factor, 1.0))
    extra = rng.poisson(units * np.maximum(factor - 1.0, 0.0))
    return thinned + extra


def split_across_stores(
    units: IntArray, stores: tuple[Store, ...], weekdays: IntArray, rng: np.random.Generator
) -> IntArray:
    """Split chain units (SKU x day) into store units (store x SKU x day), multinomially.

    A store's share on a day is proportional to its size x its weekday factor x a
    gamma noise shared by all SKUs that day; the stores' units add up to the chain's.
    """
    sizes = np.array([s.size for s in stores])
    weekday_factor = np.array([s.weekday for s in stores])[:, weekdays]  # store x day
    noise = rng.gamma(STORE_NOISE_SHAPE, 1.0 / STORE_NOISE_SHAPE, size=weekday_factor.shape)
    shares = sizes[:, None] * weekday_factor * noise
    shares /= shares.sum(axis=0, keepdims=True)
    out = np.zeros((len(stores), *units.shape), dtype=np.int64)
    for day in range(units.shape[1]):
        out[:, :, day] = rng.multinomial(units[:, day], shares[:, day]).T
    return out
