"""Import one file: read, protect personal data, map, check, store — all or nothing.

Every received row ends in exactly one place: stored as new, recognised as
already stored (re-sent, so nothing changes), or quarantined with its source,
row number, original content and reasons (R-DATA-2, R-DATA-3). The whole import
runs in one transaction: a crash leaves the database as it was.

The pipeline speaks DuckDB SQL to the work connection of an :class:`ImportTarget`
(targets.py): a DuckDB file's own connection, or a scratch DuckDB in front of a
PostgreSQL database. Before it compares staged rows with stored ones it names the
keys it needs (``target.need``), and the import locks of the tables it writes are
taken before anything stored is read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb

from stockpilot.adapters.importers import m5, privacy_scan
from stockpilot.adapters.importers.checks import (
    SQL_TYPES,
    all_pass,
    ident,
    present,
    problem_list,
    quote,
    raw,
    table_rules,
    trimmed,
    typed_value,
)
from stockpilot.adapters.importers.profiles import (
    Profile,
    Route,
    find_profile,
    recognise,
    resolve,
)
from stockpilot.adapters.importers.readers import REPLACEMENT, SourceFile, read_source
from stockpilot.adapters.importers.targets import ImportTarget
from stockpilot.domain.imports import ImportReport, TableCounts
from stockpilot.domain.model import TABLES, Column
from stockpilot.domain.problems import PROBLEMS, ProblemKind
from stockpilot.domain.progress import Progress
from stockpilot.services.ports.clock import Clock
from stockpilot.services.ports.imports import ImportRequest

QUARANTINE_COLUMNS = "import_id, source, row_number, table_name, event_id, raw, problems, first_code"
"""The columns an import writes of each quarantined row; the problem key is added when it is filed."""
PROBLEM_KEY = (
    "sha256(CASE WHEN event_id IS NULL THEN concat_ws(chr(31), coalesce(table_name, ''), 'row', raw) "
    "ELSE concat_ws(chr(31), coalesce(table_name, ''), 'key', event_id, array_to_string(list_transform("
    """from_json(problems, '[{"code": "VARCHAR"}]'), p -> p.code), ',')) END)"""
)
"""SQL naming a quarantined row's problem (migration 009 spells the same for stored rows): a row with
a key by its table, key and problem codes, one without (a broken row, a code set aside) by its table
and content. An open problem is kept once: a row re-sent as it was, or the same key with the same
problem again, is counted as quarantined by a later import but not stored a second time."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    row = con.execute(sql, params or []).fetchone()
    return int(row[0] or 0) if row else 0


class FileImport:
    """One import of one file into a target's store (see the module docstring)."""

    def __init__(
        self,
        target: ImportTarget,
        request: ImportRequest,
        *,
        progress: Progress,
        clock: Clock,
    ) -> None:
        path, profile, limits = request.path, request.profile, request.limits
        self.target, self.con, self.path = target, target.connection, path
        self.key, self.limits, self.progress, self.clock = request.key, limits, progress, clock
        self.progress("reading", file=path.name)
        self.source: SourceFile = read_source(self.con, path, request.encoding)
        self.profile: Profile = find_profile(profile) if profile else recognise(path, self.source.columns)
        if self.profile.reader == "m5":
            self.progress("reshaping")
            self.source = m5.reshape(self.con, self.source)
        self.limits = dataclasses.replace(limits, date_formats=self.profile.date_formats or limits.date_formats)
        self.columns = self.source.columns

    # --- helpers ---------------------------------------------------------------------
    def _sql(self, spec: object) -> str:
        return resolve(spec, self.columns)

    def _raw_json(self) -> str:
        """The row's original content as JSON: the columns the profile maps, after protection."""
        kept = self.protection.kept
        fields = ", ".join(f"{quote(c)}: _src.{ident(c)}" for c in kept)
        return f"to_json({{{fields}}})" if kept else "'{}'"

    # --- the import --------------------------------------------------------------------
    def run(self) -> ImportReport:
        protected = privacy_scan.protect(self.con, self.profile, self.columns, self.key, self.progress)
        self.protection = protected
        self.columns = [c for c in self.columns if c not in protected.refused]
        self.progress("checking")
        con = self.con
        with self.target.transaction():
            self.target.lock([d.table for d in self.profile.derive] + [r.table for r in self.profile.routes])
            import_id = self.target.next_import_id()
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _quarantined AS SELECT {QUARANTINE_COLUMNS} FROM quarantine LIMIT 0"
            )
            con.execute("CREATE OR REPLACE TEMP TABLE _accepted (table_name VARCHAR, key VARCHAR)")
            report = ImportReport(
                import_id,
                str(self.path),
                self.profile.name,
                self.source.format,
                self.source.encoding,
                self.source.received,
                0,
                0,
                {},
                refused_columns=protected.refused,
                masked_values=protected.masked,
                pseudonymised_columns=protected.pseudonymised,
                ignored_columns=protected.ignored,
            )
            started = self.clock.now()
            self._derive(import_id, report)
            routing = self._route()
            for index, route in enumerate(self.profile.routes):
                counts = report.tables.setdefault(route.table, TableCounts())
                self._import_route(import_id, route, f"_route = {index}" if routing else "true", counts)
            if routing:
                report.set_aside = self._quarantine_set_aside(import_id)
                report.unreadable = self._quarantine_unreadable(import_id)
            report.malformed = self._quarantine_malformed(import_id)
            report.accepted = sum(c.accepted for c in report.tables.values())
            report.quarantined = _scalar(con, "SELECT count(*) FROM _quarantined")
            if report.accepted + report.quarantined != report.received:
                raise AssertionError(
                    f"internal error: received {report.received} != accepted {report.accepted}"
                    f" + quarantined {report.quarantined}; nothing was imported"
                )
            self._file_quarantine(import_id)
            self._log(import_id, started, report)
            self.target.store(import_id)
        return report

    def _exclusions(self) -> list[tuple[str, str]]:
        """(SQL condition, label) for each code the profile sets aside (LIKE, \\ escapes)."""
        if not self.profile.exclude_field:
            return []
        field_sql = self._sql(self.profile.exclude_field)
        return [(f"{field_sql} ILIKE {quote(e.pattern)} ESCAPE '\\'", e.label) for e in self.profile.exclusions]

    def _route(self) -> bool:
        """Mark each row with the route it takes; False when every row takes the only route."""
        cases = [f"WHEN {condition} THEN -1" for condition, _ in self._exclusions()]
        if self.source.mixed_encoding:
            scan = " OR ".join(f"contains(_src.{ident(c)}, '{REPLACEMENT}')" for c in self.columns)
            cases.append(f"WHEN {scan} THEN -2")
        cases += [f"WHEN {self._sql({'sql': r.when})} THEN {i}" for i, r in enumerate(self.profile.routes) if r.when]
        if not cases:
            return False
        last = len(self.profile.routes) - 1
        self.con.execute("ALTER TABLE _src ADD COLUMN _route INTEGER")
        self.con.execute(f"UPDATE _src SET _route = CASE {' '.join(cases)} ELSE {last} END")
        return True

    def _derive(self, import_id: int, report: ImportReport) -> None:
        """Insert master data and calendar rows the file implies, when not already known."""
        excluded = "".join(f" AND NOT coalesce({condition}, false)" for condition, _ in self._exclusions())
        for derivation in self.profile.derive:
            table = TABLES[derivation.table]
            names = [c.name for c in table.columns if c.name in derivation.columns]
            mapped = ", ".join(f"{self._sql(derivation.columns[n])} AS {ident(n)}" for n in names)
            where = self._sql({"sql": derivation.where}) if derivation.where else "true"
            casts = ", ".join(self._cast(table.column(n)) for n in names)
            required = " AND ".join(f"{ident(n)} IS NOT NULL" for n in table.required if n in names) or "true"
            key = ident(table.key)
            if table.key in names:
                self.target.need(
                    table.name,
                    f"SELECT {self._cast(table.column(table.key))} FROM "
                    f"(SELECT {mapped} FROM _src WHERE {where}{excluded})",
                )
            before = _scalar(self.con, f"SELECT count(*) FROM {ident(table.name)}")
            self.con.execute(
                f"INSERT INTO {ident(table.name)} ({', '.join(map(ident, names))}, import_id) "
                f"SELECT {casts}, {import_id} FROM (SELECT {mapped}, _rec FROM _src WHERE {where}{excluded}) "
                f"WHERE {required} AND {key} NOT IN (SELECT {key} FROM {ident(table.name)}) "
                f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _rec DESC) = 1"
            )
            added = _scalar(self.con, f"SELECT count(*) FROM {ident(table.name)}") - before
            report.derived[table.name] = report.derived.get(table.name, 0) + added

    @staticmethod
    def _cast(column: Column) -> str:
        return f"TRY_CAST({ident(column.name)} AS {SQL_TYPES[column.type]})"

    def _import_route(self, import_id: int, route: Route, where: str, counts: TableCounts) -> None:
        table = TABLES[route.table]
        names = [c.name for c in table.columns]
        key = ident(table.key)
        trims = ", ".join(f"{trimmed(self._sql(route.columns.get(n, '')))} AS {raw(n)}" for n in names)
        mapped = ", ".join(f"{present(raw(n))} AS {raw(n)}" for n in names)
        typed = ", ".join(f"{typed_value(c, self.limits)} AS {ident(c.name)}" for c in table.columns)
        rules = table_rules(table, self.limits)
        con = self.con
        self._need_references(route, where)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _staged AS SELECT *, {all_pass(rules)} AS _ok FROM "
            f"(SELECT *, {typed} FROM (SELECT _rec, _row, {mapped} FROM "
            f"(SELECT _rec, _row, {trims} FROM _src WHERE {where})))"
        )
        counts.received += _scalar(con, "SELECT count(*) FROM _staged")
        self.target.need(table.name, f"SELECT {key} FROM _staged WHERE _ok")
        same = self._same(names)
        # An update changes only the columns the file provides (a partial master-data file).
        provided = [n for n in names if self._sql(route.columns.get(n, "")) != "NULL"]
        repeats = _scalar(con, f"SELECT count(*) - count(DISTINCT {key}) FROM _staged WHERE _ok")
        first = "true"
        if repeats:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _firsts AS SELECT * FROM _staged WHERE _ok "
                f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY _rec) = 1"
            )
            first = "_rec IN (SELECT _rec FROM _firsts)"
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE _repeats AS SELECT s._rec, ({same}) AS _same FROM _staged s "
                f"JOIN _firsts e ON s.{key} = e.{key} AND s._rec <> e._rec WHERE s._ok"
            )
        con.execute(
            f"INSERT INTO _accepted SELECT DISTINCT ?, {key} FROM _staged WHERE _ok AND {key} IN "
            f"(SELECT event_id FROM ({self.target.open_problems()}) AS o WHERE o.table_name = ?)",
            [route.table, route.table],
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _existing AS SELECT s._rec, "
            f"({self._same(provided if table.updatable else names)}) AS _same FROM _staged s "
            f"JOIN {ident(table.name)} e ON s.{key} = e.{key} WHERE s._ok AND {first}"
        )
        column_list = ", ".join(map(ident, names))
        known = _scalar(con, "SELECT count(*) FROM _existing")
        fresh = "_rec NOT IN (SELECT _rec FROM _existing)" if known else "true"
        counts.new += _scalar(
            con,
            f"INSERT INTO {ident(table.name)} ({column_list}, import_id) SELECT {column_list}, {import_id} "
            f"FROM _staged WHERE _ok AND {first} AND {fresh}",
        )
        counts.unchanged += _scalar(con, "SELECT count(*) FROM _existing WHERE _same")
        changed = "SELECT _rec FROM _existing WHERE NOT _same"
        conflicts = []
        if table.updatable:
            # a file may give the key alone: then only the import that last saw the line changes
            assignments = [f"{ident(n)} = s.{ident(n)}" for n in provided if n != table.key]
            assignments.append(f"import_id = {import_id}")
            counts.updated += _scalar(con, f"SELECT count(*) FROM ({changed})")
            con.execute(
                f"UPDATE {ident(table.name)} SET {', '.join(assignments)} FROM _staged s "
                f"WHERE s._rec IN ({changed}) AND {ident(table.name)}.{key} = s.{key}"
            )
        else:
            conflicts.append(changed)
        if repeats:
            counts.unchanged += _scalar(con, "SELECT count(*) FROM _repeats WHERE _same")
            conflicts.append("SELECT _rec FROM _repeats WHERE NOT _same")
        if conflicts:
            counts.id_conflicts += self._quarantine(
                import_id,
                route.table,
                f"SELECT s._rec, [{{'code': 'id_conflict', 'field': {quote(table.key)}, "
                f"'value': s.{raw(table.key)}, 'limit': ''}}] AS problems, s.{raw(table.key)} AS event_id "
                f"FROM _staged s WHERE s._rec IN ({' UNION ALL '.join(conflicts)})",
            )
        self._quarantine(
            import_id,
            route.table,
            f"SELECT _rec, {problem_list(rules)} AS problems, {raw(table.key)} AS event_id FROM _staged WHERE NOT _ok",
        )
        kinds = self._problem_kinds(route.table)
        counts.missing_required = kinds.get(ProblemKind.MISSING, 0)
        counts.invalid_values = kinds.get(ProblemKind.INVALID, 0)
        counts.quarantined = _scalar(con, "SELECT count(*) FROM _quarantined WHERE table_name = ?", [route.table])

    def _need_references(self, route: Route, where: str) -> None:
        """Tell the target which master-data keys the reference checks of ``route`` will look up:
        each referencing column's distinct values, trimmed and emptied as the staged row has them."""
        for column in TABLES[route.table].columns:
            source = self._sql(route.columns.get(column.name, ""))
            if column.references and source != "NULL":
                distinct = f"SELECT DISTINCT {source} AS _value FROM _src WHERE {where}"
                values = f"SELECT {trimmed('_value')} AS _value FROM ({distinct})"
                self.target.need(column.references, f"SELECT {present('_value')} FROM ({values})")

    @staticmethod
    def _same(names: list[str]) -> str:
        """SQL true when staged row ``s`` and row ``e`` agree on ``names``."""
        return " AND ".join(f"s.{ident(n)} IS NOT DISTINCT FROM e.{ident(n)}" for n in names) or "true"

    def _problem_kinds(self, table: str) -> dict[ProblemKind, int]:
        """Rows with at least one problem of each kind (a row may count under several)."""
        rows = self.con.execute(
            'SELECT DISTINCT row_number, unnest(from_json(problems, \'[{"code": "VARCHAR"}]\')).code '
            "FROM _quarantined WHERE table_name = ?",
            [table],
        ).fetchall()
        seen: dict[ProblemKind, set[int]] = {}
        for row_number, code in rows:
            seen.setdefault(PROBLEMS[code].kind, set()).add(row_number)
        return {kind: len(rows_) for kind, rows_ in seen.items()}

    def _quarantine(self, import_id: int, table: str | None, problems_sql: str) -> int:
        """Set aside the rows named by ``problems_sql`` (_rec, problems, event_id) for the quarantine."""
        return _scalar(
            self.con,
            f"INSERT INTO _quarantined SELECT {import_id}, {quote(str(self.path))}, _src._row, "
            f"{quote(table) if table else 'NULL'}, q.event_id, {self._raw_json()}, to_json(q.problems), "
            f"q.problems[1].code FROM ({problems_sql}) q JOIN _src ON _src._rec = q._rec",
        )

    def _quarantine_set_aside(self, import_id: int) -> int:
        if not self._exclusions():
            return 0
        field_sql = self._sql(self.profile.exclude_field)
        label = "CASE " + " ".join(f"WHEN {c} THEN {quote(label)}" for c, label in self._exclusions()) + " END"
        return self._quarantine(
            import_id,
            None,
            f"SELECT _rec, [{{'code': 'not_a_product', 'field': {quote(self.profile.exclude_field or '')}, "
            f"'value': {field_sql}, 'limit': {label}}}] AS problems, NULL AS event_id FROM _src WHERE _route = -1",
        )

    def _quarantine_unreadable(self, import_id: int) -> int:
        return self._quarantine(
            import_id,
            None,
            "SELECT _rec, [{'code': 'unreadable_characters', 'field': '', 'value': '', 'limit': ''}] "
            "AS problems, NULL AS event_id FROM _src WHERE _route = -2",
        )

    def _quarantine_malformed(self, import_id: int) -> int:
        header = self.source.columns
        for reject in self.source.rejects:
            problems = [{"code": "malformed_row", "field": "", "value": reject.message, "limit": ""}]
            if reject.fields is None:
                record: dict[str, str | None] = {"line": reject.raw}
            else:
                names = header + [f"extra_{i}" for i in range(1, len(reject.fields) - len(header) + 1)]
                record = dict(zip(names, reject.fields, strict=False))
            raw_json = json.dumps(privacy_scan.protect_record(record, self.protection, self.key), ensure_ascii=False)
            self.con.execute(
                "INSERT INTO _quarantined VALUES (?, ?, ?, NULL, NULL, ?, ?, 'malformed_row')",
                [import_id, str(self.path), reject.row, raw_json, json.dumps(problems)],
            )
        return len(self.source.rejects)

    def _file_quarantine(self, import_id: int) -> None:
        """Close the open problems this import fixed, then store the rows it set aside, each open
        problem once (:data:`PROBLEM_KEY`).

        A problem is fixed when this import accepted a row with its table and key and did not find
        the same problem again (another row of the key with it, such as the same conflict): it is
        marked ``closed_at`` and ``fixed_by_import``, not deleted. A row whose problem an earlier
        import left open is counted in the report but not stored again; the rows of this file are
        all kept, so that the file's every bad line can be handed back for fixing."""
        con = self.con
        con.execute("ALTER TABLE _quarantined ADD COLUMN problem_key VARCHAR")
        con.execute(f"UPDATE _quarantined SET problem_key = {PROBLEM_KEY}")
        self.target.need("quarantine", "SELECT problem_key FROM _quarantined")
        self.target.close_fixed(
            "SELECT DISTINCT table_name, key FROM _accepted",
            "SELECT problem_key FROM _quarantined",
            import_id,
            self.clock.now(),
        )
        con.execute(
            f"INSERT INTO quarantine ({QUARANTINE_COLUMNS}, problem_key) SELECT {QUARANTINE_COLUMNS}, problem_key "
            "FROM _quarantined WHERE problem_key NOT IN "
            "(SELECT problem_key FROM quarantine WHERE closed_at IS NULL AND problem_key IS NOT NULL)"
        )

    def _log(self, import_id: int, started: dt.datetime, report: ImportReport) -> None:
        self.con.execute(
            "INSERT INTO import_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                import_id,
                str(self.path),
                _sha256(self.path),
                self.profile.name,
                started,
                self.clock.now(),
                report.received,
                report.accepted,
                report.quarantined,
                json.dumps(report.refused_columns),
                json.dumps(report.ignored_columns),
                report.masked_values,
            ],
        )
        for name, c in report.tables.items():
            self.con.execute(
                "INSERT INTO import_table_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    import_id,
                    name,
                    c.received,
                    c.new,
                    c.updated,
                    c.unchanged,
                    c.quarantined,
                    c.missing_required,
                    c.invalid_values,
                    c.id_conflicts,
                ],
            )
