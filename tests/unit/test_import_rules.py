"""The floor plan, enforced: which package may import which (README, "Architecture").

Every module of bot/, handlers/, models/ and sandbox/ is parsed (not imported) and each of its
imports checked, wherever it sits: at the top, inside a function, under TYPE_CHECKING. A
failure names the file, the line and the import that broke a rule.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "models", "sandbox")

# Where the Telegram Application is built (bot/app.py) and run as a webhook server
# (bot/fleet/serve.py, which also hands the health endpoints their Telegram probe from
# handlers/probe.py). Polling runs from bot/app.py via bot/lifecycle.py, which itself imports
# no Telegram; nothing else in bot/fleet does either.
COMPOSITION_ROOT = frozenset({"bot/app.py", "bot/fleet/serve.py"})

# `gutcheck sandbox` (and `make run` without a token) starts the sandbox: the CLI imports it
# lazily inside that command, so the bot never loads the tooling otherwise.
SANDBOX_COMMAND = frozenset({"bot/cli.py"})

# Plain typed code that unit tests call directly: never Telegram, never the adapters.
TELEGRAM_FREE = (
    "bot/domain",
    "bot/services",
    "bot/views",
    "bot/tips",
    "bot/charts",
    "bot/reports",
    "models",
)
# Pure decisions, drawing and documents: no database either. Reports take an ExportBundle a
# service filled; the stored vocabularies they name live in bot/domain/statuses.py.
DATABASE_FREE = ("bot/domain", "bot/views", "bot/tips", "bot/charts", "bot/reports")


@dataclass(frozen=True)
class Import:
    file: str  # relative to the repository, e.g. "bot/services/users.py"
    line: int
    module: str  # absolute dotted name, e.g. "telegram.ext"

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def _package_of(file: str) -> list[str]:
    """The package a relative import starts from: the folder (also for an __init__.py)."""
    return file.split("/")[:-1]


def _imports_of(path: Path) -> list[Import]:
    file = path.relative_to(ROOT).as_posix()
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=file)):
        if isinstance(node, ast.Import):
            found += [Import(file, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                package = _package_of(file)
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.append(Import(file, node.lineno, base))
            # `from bot import sandbox` names a module too.
            found += [Import(file, node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _all_imports() -> list[Import]:
    return [
        imported
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for imported in _imports_of(path)
    ]


IMPORTS = _all_imports()


def _of(top: str, name: str) -> bool:
    return name == top or name.startswith(f"{top}.")


def _in(file: str, folders: tuple[str, ...]) -> bool:
    return any(file == f"{folder}.py" or file.startswith(f"{folder}/") for folder in folders)


def _violations(files: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        {
            str(imported)
            for imported in IMPORTS
            if _in(imported.file, files) and any(_of(top, imported.module) for top in forbidden)
        }
    )


def test_the_scan_sees_the_code() -> None:
    """Guards the guard: an empty scan would pass every rule below."""
    assert any(i.file == "bot/app.py" and _of("telegram", i.module) for i in IMPORTS)
    assert any(i.file.startswith("bot/services/") and _of("models", i.module) for i in IMPORTS)
    assert any(i.file.startswith("handlers/") and _of("telegram", i.module) for i in IMPORTS)


@pytest.mark.parametrize("forbidden", ["telegram", "handlers"])
def test_domain_services_views_tips_charts_reports_and_models_never_touch_telegram(
    forbidden: str,
) -> None:
    bad = _violations(TELEGRAM_FREE, (forbidden,))
    assert bad == [], (
        f"Telegram-free code imports {forbidden}; move the Telegram side into handlers/:\n"
        + "\n".join(bad)
    )


def test_domain_views_tips_charts_and_reports_never_touch_the_database() -> None:
    bad = _violations(DATABASE_FREE, ("sqlalchemy", "models"))
    assert bad == [], (
        "pure code imports the database; take the data as arguments from a service:\n"
        + "\n".join(bad)
    )


def test_only_handlers_and_the_composition_root_import_telegram() -> None:
    bad = sorted(
        str(imported)
        for imported in IMPORTS
        if _of("telegram", imported.module)
        and not imported.file.startswith("handlers/")
        and imported.file not in COMPOSITION_ROOT
    )
    assert bad == [], (
        "telegram imported outside handlers/ and the composition root "
        f"({', '.join(sorted(COMPOSITION_ROOT))}):\n" + "\n".join(bad)
    )


def test_in_bot_only_the_composition_root_imports_handlers() -> None:
    bad = sorted(
        str(imported)
        for imported in IMPORTS
        if _of("handlers", imported.module)
        and _in(imported.file, ("bot",))
        and imported.file not in COMPOSITION_ROOT
    )
    assert bad == [], "bot/ imports handlers/ outside the composition root:\n" + "\n".join(bad)


def test_the_bot_never_imports_its_tooling_except_the_sandbox_command() -> None:
    bad = sorted(
        str(imported)
        for imported in _violations(("bot", "models"), ("sandbox",))
        if imported.split(":")[0] not in SANDBOX_COMMAND
    )
    assert bad == [], (
        "bot/ or models/ imports the sandbox/emulator tooling (only the CLI's sandbox "
        f"command may, lazily: {', '.join(sorted(SANDBOX_COMMAND))}):\n" + "\n".join(bad)
    )


def test_the_sandbox_command_imports_the_sandbox_lazily() -> None:
    """The exception above holds only inside the command, never at module level."""
    for file in SANDBOX_COMMAND:
        tree = ast.parse((ROOT / file).read_text())
        top_level = [
            node
            for node in tree.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            and any(
                _of("sandbox", name)
                for name in (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
            )
        ]
        assert top_level == [], (
            f"{file} imports sandbox at module level (line {top_level[0].lineno})"
        )
