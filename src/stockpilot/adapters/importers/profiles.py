"""Column-mapping profiles: how a shop's export maps onto the canonical tables.

A profile is a small TOML file (see ``docs/import-profiles.md``). Each canonical
column is given as a source column name (``"Price|UnitPrice"`` takes the first
one present), a constant (``{ value = "ONLINE" }``) or a SQL expression over
source columns written in braces (``{ sql = "-{Quantity}" }``). Without
``--profile`` the importer recognises the profile from the file's columns.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from stockpilot.domain.model import TABLES
from stockpilot.errors import Detailed, Refusal

BUILT_IN = resources.files("stockpilot.adapters.importers") / "profiles"
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
SOURCE_COLUMN = re.compile(r'_src\."((?:[^"]|"")*)"')


class ProfileError(Detailed, Refusal):
    """A profile is wrong, or none fits the file."""

    code = "refusal.profile"


@dataclass(frozen=True)
class Route:
    """Rows matching ``when`` (SQL, or every remaining row) go to ``table``."""

    table: str
    columns: dict[str, Any]
    when: str | None = None


@dataclass(frozen=True)
class Exclusion:
    """Codes (SQL LIKE patterns) that are not products, with the reason they are set aside."""

    pattern: str
    label: str


@dataclass(frozen=True)
class Derivation:
    """Master data or calendar rows the file implies, e.g. products named by its sales lines."""

    table: str
    columns: dict[str, Any]
    where: str | None = None


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    recognise: tuple[tuple[str, ...], ...]
    routes: tuple[Route, ...]
    reader: str = "file"
    file_stems: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    exclude_field: str | None = None
    exclusions: tuple[Exclusion, ...] = ()
    derive: tuple[Derivation, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        items: tuple[Route | Derivation, ...] = (*self.routes, *self.derive)
        for item in items:
            if item.table not in TABLES:
                raise ProfileError(f"profile {self.name}: unknown table {item.table!r}")
            unknown = set(item.columns) - {c.name for c in TABLES[item.table].columns}
            if unknown:
                raise ProfileError(f"profile {self.name}: table {item.table} has no column(s) {sorted(unknown)}")
        if not self.routes or self.routes[-1].when is not None:
            raise ProfileError(f"profile {self.name}: the last route must take every other row")

    def all_specs(self) -> list[Any]:
        """Every mapping entry of the profile, with the exclusion field."""
        specs = [spec for r in self.routes for spec in r.columns.values()]
        specs += [spec for d in self.derive for spec in d.columns.values()]
        specs += [{"sql": w} for w in [*(r.when for r in self.routes), *(d.where for d in self.derive)] if w]
        return specs + ([self.exclude_field] if self.exclude_field else [])

    def matches(self, columns: list[str]) -> int:
        """How many recognised columns the file has (0 when one group is missing)."""
        present = {c.strip().lower() for c in columns}
        hits = [any(a.lower() in present for a in group) for group in self.recognise]
        return sum(hits) if all(hits) else 0


def canonical_profile(table: str) -> Profile:
    """The canonical format: every column under its own name (docs/data-format.md)."""
    spec = TABLES[table]
    return Profile(
        name=f"canonical-{table}",
        description=f"canonical {table} file",
        recognise=tuple((c,) for c in spec.required),
        routes=(Route(table, {c.name: c.name for c in spec.columns}),),
        file_stems=(table,),
    )


def _parse(data: dict[str, Any], origin: str) -> Profile:
    try:
        routes = [Route(r["table"], dict(r["columns"]), r.get("when")) for r in data.get("routes", [])]
        routes.append(Route(data["table"], dict(data["columns"])))
        return Profile(
            name=data["name"],
            description=data.get("description", ""),
            recognise=tuple(tuple(g.split("|")) for g in data["recognise"]),
            routes=tuple(routes),
            reader=data.get("reader", "file"),
            date_formats=tuple(data.get("date_formats", ())),
            exclude_field=data.get("exclude", {}).get("field"),
            exclusions=tuple(Exclusion(p, label) for p, label in data.get("exclude", {}).get("codes", {}).items()),
            derive=tuple(Derivation(d["table"], dict(d["columns"]), d.get("where")) for d in data.get("derive", [])),
        )
    except KeyError as exc:
        raise ProfileError(f"profile {origin}: missing key {exc}") from exc


def load_profile(path: Path) -> Profile:
    try:
        with path.open("rb") as handle:
            return _parse(tomllib.load(handle), str(path))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"cannot read profile {path}: {exc}") from exc


@cache
def _built_in() -> tuple[Profile, ...]:
    """The shipped profiles, read once per process (every import looks at them)."""
    profiles = [canonical_profile(t) for t, spec in TABLES.items()]
    for entry in sorted(BUILT_IN.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            profiles.append(_parse(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name))
    return tuple(profiles)


def built_in_profiles() -> list[Profile]:
    return list(_built_in())


def find_profile(name: str) -> Profile:
    """A built-in profile by name, or a profile file by path."""
    path = Path(name)
    if path.suffix == ".toml":
        return load_profile(path)
    for profile in built_in_profiles():
        if profile.name == name:
            return profile
    names = ", ".join(p.name for p in built_in_profiles())
    raise ProfileError(f"no profile named {name!r}; built-in profiles: {names}")


def recognise(path: Path, columns: list[str]) -> Profile:
    """The built-in profile that fits the file's columns (and, for canonical files, its name)."""
    stem = path.stem.lower()
    scored = []
    for profile in built_in_profiles():
        score = profile.matches(columns)
        if score and (not profile.file_stems or any(stem.startswith(s) for s in profile.file_stems)):
            scored.append((score, profile))
    if not scored:
        raise ProfileError(
            f"{path}: no import profile fits the columns {columns[:12]}; name the canonical "
            "table in the file name (e.g. sales.csv) or pass --profile"
        )
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        tied = ", ".join(p.name for s, p in scored if s == scored[0][0])
        raise ProfileError(f"{path}: several profiles fit ({tied}); pass --profile")
    return scored[0][1]


def resolve(spec: Any, columns: list[str], source: str = "_src") -> str:
    """SQL for one mapping entry, given the source's actual column names."""
    lookup = {c.lower(): c for c in columns}

    def column(names: str) -> str:
        for name in names.split("|"):
            if name.strip().lower() in lookup:
                return f'{source}."{lookup[name.strip().lower()]}"'
        return "NULL"

    if isinstance(spec, str):
        return column(spec)
    if "value" in spec:
        return "'" + str(spec["value"]).replace("'", "''") + "'"
    if "sql" in spec:
        return PLACEHOLDER.sub(lambda m: column(m.group(1)), spec["sql"])
    raise ProfileError(f"cannot read mapping {spec!r}: use a column name, value or sql")


def referenced(spec: Any, columns: list[str]) -> set[str]:
    """The source columns a mapping entry reads."""
    return {name.replace('""', '"') for name in SOURCE_COLUMN.findall(resolve(spec, columns))}
