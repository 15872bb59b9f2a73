"""The numpy array types the domain passes around, named once so every annotation says what an array holds.

Shapes are not typed; the docstrings give them (series x days, one value per series...).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import numpy.typing as npt

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""Quantities, prices, forecasts; NaN where a value is unknown (a censored day, say)."""

IntArray: TypeAlias = npt.NDArray[np.int64]
"""Whole numbers: indices, days, codes, units the demo chain counts."""

BoolArray: TypeAlias = npt.NDArray[np.bool_]
"""Masks: censored days, review days, flagged lines."""

ObjectArray: TypeAlias = npt.NDArray[np.object_]
"""Python objects, in practice strings: model names, ABC and XYZ classes."""

StrArray: TypeAlias = npt.NDArray[np.str_]
"""Fixed-width unicode strings (``dtype="<U1"``), e.g. ABC classes."""

Float32Array: TypeAlias = npt.NDArray[np.float32]
"""Feature matrices handed to LightGBM."""
