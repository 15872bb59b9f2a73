"""Break-even forecast accuracy: how much better must a SKU's forecast be? (R-SIM-2)

Under the normal-theory order-up-to policy the expected units short per cycle are
sigma x G(k), with G the standard normal loss function and k = safety stock / sigma
(Silver, Pyke & Thomas 2017, ch. 6-7). Holding the safety stock fixed (equal
inventory) and shrinking sigma, the error of demand over the lead time, to sigma' gives
k' = SS / sigma' and shortages sigma' x G(SS / sigma'). The break-even sigma' is the one
at which shortages fall by ``reduction`` (30% by default, the seed's pilot target);
reported as a ratio sigma' / sigma, so 0.8 reads "the forecast error over the lead time
must fall 20%".
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from stockpilot.domain.arrays import FloatArray
from stockpilot.domain.replenishment.policy import normal_loss


def shortage(sigma: float, safety_stock: float) -> float:
    """Expected units short per cycle, sigma x G(safety stock / sigma)."""
    return sigma * normal_loss(safety_stock / sigma) if sigma > 0 else 0.0


def break_even_ratio(sigma: float, safety_stock: float, reduction: float = 0.3) -> float:
    """sigma' / sigma at which shortages fall by ``reduction`` with the same safety stock."""
    if sigma <= 0:
        return float("nan")
    target = (1 - reduction) * shortage(sigma, safety_stock)
    return (
        float(optimize.brentq(lambda r: shortage(r * sigma, safety_stock) - target, 1e-9, 1.0)) if target > 0 else 1.0
    )


def break_even_ratios(sigma: FloatArray, safety_stock: FloatArray, reduction: float = 0.3) -> FloatArray:
    """Per SKU (NaN where sigma is 0: nothing to improve)."""
    return np.array([break_even_ratio(s, ss, reduction) for s, ss in zip(sigma, safety_stock, strict=True)])


def accuracy_payoff(
    sigma: FloatArray, safety_stock: FloatArray, unit_price: FloatArray, cycles: float, reduction: float = 0.3
) -> FloatArray:
    """Sales value a year that reaching the break-even accuracy brings back, per SKU:
    reduction x sigma G(SS / sigma) units short per cycle x cycles a year x unit price."""
    short = np.array([shortage(s, ss) for s, ss in zip(sigma, safety_stock, strict=True)])
    payoff: FloatArray = reduction * short * cycles * np.asarray(unit_price, dtype=float)
    return payoff
