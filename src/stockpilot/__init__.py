"""Stock Pilot: measured, labour-safe AI replenishment for small retail chains.

The Python API in one import::

    from stockpilot import open_store, import_file, check_readiness, load_settings
"""

from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file
from stockpilot.services.readiness import check_readiness
from stockpilot.services.retention import export_all, purge
from stockpilot.settings import Settings, load_settings

__all__ = ["Settings", "check_readiness", "export_all", "import_file", "load_settings", "open_store", "purge"]
__version__ = "0.1.0"
