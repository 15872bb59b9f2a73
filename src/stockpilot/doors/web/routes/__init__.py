"""The app's routes, one module per menu page, plus log-in and the POS API."""

from __future__ import annotations

from stockpilot.doors.web.routes import admin, auth, data, evidence, orders, pos_api

ROUTERS = (auth.router, data.router, orders.router, evidence.router, admin.router, pos_api.router)
