"""The layers stay apart: a pure domain core, services without a user interface, storage without services."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "stockpilot"
DOMAIN = PACKAGE / "domain"
SERVICES = PACKAGE / "services"
STORAGE = PACKAGE / "adapters" / "storage"
ADAPTERS = PACKAGE / "adapters"
PRESENTERS = PACKAGE / "presenters"
FORBIDDEN = (
    "duckdb",
    "pyarrow",
    "pandas",
    "typer",
    "rich",
    "fastapi",
    "openpyxl",
    "matplotlib",
    "stockpilot.adapters",
    "stockpilot.services",
    "os",
    "pathlib",
    "io",
)


@pytest.mark.parametrize("module", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_nothing_impure(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    bad = [m for m in imported if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{module.name} imports {bad}"


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _name(module: Path) -> str:
    return module.relative_to(PACKAGE.parent).as_posix()


def _imports(module: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of every import in ``module``; relative imports resolved, ``import a`` gives no names."""
    package = module.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, ()) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            name = ".".join(part for part in (base, node.module or "") if part)
            found.append((name, tuple(a.name for a in node.names)))
    return found


def _imported(module: Path) -> list[str]:
    """Every module ``module`` imports; ``from package import b`` of one of ours counts as ``package.b``."""
    found = []
    for name, names in _imports(module):
        ours = (PACKAGE.parent / name.replace(".", "/")).is_dir()
        found += [f"{name}.{n}" for n in names] if ours else [name]
    return found


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("module", _modules(DOMAIN), ids=_name)
def test_domain_imports_nothing_of_the_product_outside_the_domain(module):
    product = [m for m in _imported(module) if m.startswith("stockpilot.")]
    bad = sorted({m for m in product if not _within(m, ("stockpilot.domain",))})
    assert not bad, f"{_name(module)} imports {bad}"


SERVICE_FORBIDDEN = ("stockpilot.doors", "stockpilot.web", "typer", "rich", "fastapi")


@pytest.mark.parametrize("module", _modules(SERVICES), ids=_name)
def test_services_import_no_command_line_or_web(module):
    bad = sorted({m for m in _imported(module) if _within(m, SERVICE_FORBIDDEN)})
    assert not bad, f"{_name(module)} imports {bad}"


@pytest.mark.parametrize("module", _modules(PRESENTERS), ids=_name)
def test_presenters_only_word_typed_results(module):
    """A presenter formats a result for any door: it reads no database, file or setting, and
    knows no door (the command line's rich, Typer, the web app's FastAPI)."""
    forbidden = ("stockpilot.adapters", "stockpilot.doors", "stockpilot.settings", "typer", "rich", "fastapi")
    bad = sorted({m for m in _imported(module) if _within(m, forbidden)})
    assert not bad, f"{_name(module)} imports {bad}"


@pytest.mark.parametrize("module", _modules(ADAPTERS), ids=_name)
def test_driven_adapters_import_no_doors(module):
    """Storage, importers and exports are driven by the services; none of them calls a door."""
    bad = sorted({m for m in _imported(module) if _within(m, ("stockpilot.doors", "typer", "fastapi"))})
    assert not bad, f"{_name(module)} imports {bad}"


@pytest.mark.parametrize("module", _modules(STORAGE), ids=_name)
def test_storage_imports_no_services(module):
    """Storage implements the ports the services declare (``services/ports``), and uses nothing else of them."""
    services = [m for m in _imported(module) if _within(m, ("stockpilot.services",))]
    bad = sorted({m for m in services if not _within(m, ("stockpilot.services.ports",))})
    assert not bad, f"{_name(module)} imports {bad}"


@pytest.mark.parametrize("module", _modules(SERVICES), ids=_name)
def test_services_use_no_other_service_private_helpers(module):
    own = _name(module).removesuffix(".py").replace("/", ".")
    bad = [
        f"from {name} import {n}"
        for name, names in _imports(module)
        if _within(name, ("stockpilot.services",)) and name != own
        for n in names
        if n.startswith("_")
    ]
    assert not bad, f"{_name(module)}: {bad}"
