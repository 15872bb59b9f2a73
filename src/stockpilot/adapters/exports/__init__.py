"""Safe export files (issue 11): the one writer every export uses.

- :mod:`.cells`: the OWASP CSV-injection rule (``neutralise``, ``is_dangerous``, ``csv_cell``) and
  valid Excel sheet names;
- :mod:`.files`: file names from any id that stay in their folder (``safe_name``, ``safe_names``,
  ``target_path``), owner-only folders and files written atomically (``make_folder``, ``atomic_file``);
- :mod:`.tables`: rows to CSV, Excel (XlsxWriter, never a formula) and Parquet, streamed
  (``write_csv``, ``write_xlsx``, ``write_batches``).
"""

from stockpilot.adapters.exports.cells import csv_cell, is_dangerous, is_plain_number, neutralise, sheet_name
from stockpilot.adapters.exports.files import (
    atomic_file,
    make_folder,
    safe_name,
    safe_names,
    stable_hash,
    target_path,
)
from stockpilot.adapters.exports.tables import write_batches, write_csv, write_xlsx

__all__ = [
    "atomic_file",
    "csv_cell",
    "is_dangerous",
    "is_plain_number",
    "make_folder",
    "neutralise",
    "safe_name",
    "safe_names",
    "sheet_name",
    "stable_hash",
    "target_path",
    "write_batches",
    "write_csv",
    "write_xlsx",
]
