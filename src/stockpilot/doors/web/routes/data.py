"""The Data page (R-DATA-2, R-DATA-3, R-DATA-4): import a file, see what every import did
(received = accepted + quarantined), the open quarantined rows with their reasons, and the
readiness verdict per location, as `stockpilot import`, `quarantine list`, `quarantine export`
and `readiness` say them.

A quarantined row's content is shown, and handed back for fixing, only to a role that may see
personal data (Action.VIEW_PERSONAL_DATA); the vendor sees the reasons alone.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from stockpilot.domain.access import Action
from stockpilot.domain.imports import ImportReport
from stockpilot.domain.messages import Message
from stockpilot.domain.readiness import BLOCKER, ReadinessReport
from stockpilot.doors.web.context import UPLOAD_FACTOR, Viewer, form_checked, need, web_of
from stockpilot.doors.web.pages import page
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.presenters.imports import import_summary
from stockpilot.services.importing import IMPORTABLE, import_upload, recent_imports
from stockpilot.services.quarantine import FIX_COLUMNS, QuarantinedRow, export_for_fixing, quarantined_rows
from stockpilot.services.readiness import check_readiness

router = APIRouter(include_in_schema=False)
IMPORTS_SHOWN = 20
QUARANTINE_SHOWN = 100
NAMING_EXAMPLE = "sales.csv"
# The encoding choice of the form: its value and its words; "" lets the reader detect UTF-8 or Big5.
ENCODINGS = (
    ("", "web.data.encoding.detected"),
    ("utf-8", "web.data.encoding.utf-8"),
    ("big5", "web.data.encoding.big5"),
)
Encoding = Literal["", "utf-8", "big5"]


@dataclass(frozen=True)
class Fixable:
    """One import's open quarantined rows, to download as one CSV (``quarantine export``'s file)."""

    import_id: int
    name: str
    rows: int


@dataclass(frozen=True)
class ScopeVerdict:
    """The readiness checks of one scope (all the data, a table, a location): the worst outcome
    (the command line's ``passed``, ``warn`` or ``failed``) and each check's outcome and finding."""

    scope: Message
    outcome: str
    findings: list[tuple[str, Message]] = field(default_factory=list)


def _outcome(passed: bool, severity: str) -> str:
    """A check's outcome as presenters/readiness.py words it."""
    return "passed" if passed else "failed" if severity == BLOCKER else "warn"


def _scope(scope: str) -> Message:
    kind, _, name = scope.partition(":")
    if kind == "table":
        return Message("web.data.scope.table", {"table": name})
    if kind == "location":
        return Message("web.data.scope.location", {"location": name})
    return Message("web.data.scope.overall")


def by_scope(report: ReadinessReport) -> list[ScopeVerdict]:
    """The report's checks grouped by scope, in the report's order (all the data, tables, locations)."""
    rank = {"passed": 0, "warn": 1, "failed": 2}
    grouped: dict[str, list[tuple[str, Message]]] = {}
    for check in report.checks:
        grouped.setdefault(check.scope, []).append((_outcome(check.passed, check.severity), check.finding))
    return [
        ScopeVerdict(_scope(scope), max((o for o, _ in found), key=rank.__getitem__), found)
        for scope, found in grouped.items()
    ]


def fixable(rows: list[QuarantinedRow]) -> list[Fixable]:
    """Per import with open rows (newest first, as ``rows`` come): its file's name and how many."""
    counts: dict[int, tuple[str, int]] = {}
    for row in rows:
        name, count = counts.get(row.import_id, (row.file_name, 0))
        counts[row.import_id] = (name, count + 1)
    return [Fixable(import_id, name, count) for import_id, (name, count) in counts.items()]


def _data_page(
    request: Request,
    who: Viewer,
    status_code: int = 200,
    result: ImportReport | None = None,
    refusal: Message | None = None,
) -> Response:
    web = web_of(request)
    with web.pool.store() as store:
        imports = recent_imports(store, IMPORTS_SHOWN)
        open_rows = quarantined_rows(store)
        readiness = check_readiness(store, web.settings)
        own = [] if result is None else quarantined_rows(store, result.import_id, QUARANTINE_SHOWN)
    notes = []
    if result is not None:  # the command line's notes; this page lists the rows itself, not the command that does
        pointer = render("see_quarantine", who.language, import_id=result.import_id)
        notes = [n.text.strip() for n in import_summary(result, who.language, chosen=False)[1:]]
        notes = [n for n in notes if n != pointer]
    return page(
        request,
        who,
        "data.html",
        status_code=status_code,
        result=result,
        notes=notes,
        own=own,
        refusal=refusal,
        imports=imports,
        quarantine=open_rows[:QUARANTINE_SHOWN],
        quarantine_total=len(open_rows),
        fixable=fixable(open_rows),
        fix_columns=", ".join(FIX_COLUMNS),
        readiness=readiness,
        scopes=by_scope(readiness),
        encodings=ENCODINGS,
        accept=",".join(IMPORTABLE),
        upload_limit=web.settings.web.api_max_request_bytes * UPLOAD_FACTOR,
        example=NAMING_EXAMPLE,
    )


@router.get("/data")
def data_page(request: Request, who: Annotated[Viewer, Depends(need(Action.VIEW_DATA))]) -> Response:
    return _data_page(request, who)


@router.get("/data/upload")
def after_upload(who: Annotated[Viewer, Depends(need(Action.VIEW_DATA))]) -> Response:
    """The page a language switch right after an upload goes back to: the Data page."""
    return RedirectResponse("/data", status_code=303)


@router.post("/data/upload")
def upload(
    request: Request,
    who: Annotated[Viewer, Depends(form_checked(Action.UPLOAD_DATA))],
    encoding: Annotated[Encoding, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import the file sent (services/importing.py import_upload), then the page with what it did;
    a file that cannot be imported is refused on the page, naming it, and nothing of it is stored.
    (A form sent with no file chosen carries an empty part, which FastAPI reads as none.)"""
    if file is None or not file.filename:
        return _data_page(request, who, status_code=400, refusal=Message("web.data.no_file"))
    web = web_of(request)
    try:
        with web.pool.store() as store:
            report = import_upload(store, file.filename, file.file, web.settings, encoding=encoding or None)
    except Refusal as exc:
        refused = Message("web.data.refused", {"name": file.filename, "error": exc.message})
        return _data_page(request, who, status_code=400, refusal=refused)
    return _data_page(request, who, result=report)


@router.get("/data/quarantine.csv")
def quarantine_csv(
    request: Request, import_id: int, who: Annotated[Viewer, Depends(need(Action.VIEW_PERSONAL_DATA))]
) -> Response:
    """One import's open quarantined rows as `stockpilot quarantine export --import-id` writes them
    (services/quarantine.py export_for_fixing: the original columns, the row and the reason in the
    viewer's language; formula-safe cells), to fix and import again."""
    web = web_of(request)
    with tempfile.TemporaryDirectory(prefix="stockpilot-fix-") as folder:
        with web.pool.store() as store:
            written = export_for_fixing(store, folder, import_id, who.language)
        if not written:
            message = Message("web.data.nothing_to_fix", {"import_id": import_id})
            return page(request, who, "refused.html", status_code=404, message=message)
        (path,) = written
        headers = {"content-disposition": f"attachment; filename*=UTF-8''{quote(path.name)}"}
        return Response(path.read_bytes(), media_type="text/csv; charset=utf-8", headers=headers)
