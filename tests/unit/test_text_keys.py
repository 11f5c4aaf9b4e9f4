"""Every text key the code asks for exists in the catalogue, including keys built with
f-strings (``t(f"habit_{habit.value}")`` needs a key for every member of the enum)."""

from __future__ import annotations

import ast
import enum
import importlib
import pkgutil
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import bot
from bot.texts import CATALOGS, LABEL_CATALOGS

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "handlers", "models")
MESSAGE_KEYS = frozenset(CATALOGS["en"])
LABEL_KEYS = frozenset(LABEL_CATALOGS["en"])
LOOKUPS = {"t": MESSAGE_KEYS, "label": LABEL_KEYS, "raw_label": LABEL_KEYS}


@dataclass(frozen=True)
class KeyUse:
    where: str
    function: str
    node: ast.expr


def _uses() -> Iterator[KeyUse]:
    for package in SCANNED:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else None
                if name in LOOKUPS:
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    yield KeyUse(where, name, node.args[0])


def _alternatives(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.IfExp):
        return _alternatives(node.body) + _alternatives(node.orelse)
    return [node]


def _enums() -> list[type[enum.Enum]]:
    found: list[type[enum.Enum]] = []
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if (
            module.name.endswith("__main__")
            or ".emulator" in module.name
            or ".sandbox" in module.name
        ):
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and issubclass(value, enum.Enum)
                and value.__module__ == loaded.__name__
            ):
                found.append(value)
    return found


def _pattern(node: ast.JoinedStr) -> tuple[re.Pattern[str], list[bool]]:
    """The f-string as a regex, and which placeholders are ``<something>.value``."""
    parts: list[str] = []
    enum_valued: list[bool] = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(re.escape(str(value.value)))
        elif isinstance(value, ast.FormattedValue):
            parts.append("(.+)")
            expr = value.value
            enum_valued.append(isinstance(expr, ast.Attribute) and expr.attr == "value")
    return re.compile("^" + "".join(parts) + "$"), enum_valued


def _missing(use: KeyUse, enums: list[type[enum.Enum]]) -> list[str]:
    keys = LOOKUPS[use.function]
    problems: list[str] = []
    for node in _alternatives(use.node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value not in keys:
                problems.append(
                    f"{use.where}: {use.function}({node.value!r}) is not in the catalogue"
                )
        elif isinstance(node, ast.JoinedStr):
            pattern, enum_valued = _pattern(node)
            matching = [key for key in keys if pattern.match(key)]
            if not matching:
                problems.append(f"{use.where}: no catalogue key fits {ast.unparse(node)}")
                continue
            if len(enum_valued) == 1 and enum_valued[0]:
                # Some enum's values built these keys: every member of that enum needs one.
                fitting = [
                    members
                    for members in enums
                    if any(_built_key(node, member.value) in keys for member in members)
                ]
                if fitting and not any(
                    all(_built_key(node, member.value) in keys for member in members)
                    for members in fitting
                ):
                    absent = sorted(
                        _built_key(node, member.value)
                        for members in fitting
                        for member in members
                        if _built_key(node, member.value) not in keys
                    )
                    problems.append(f"{use.where}: missing {', '.join(absent)}")
    return problems


def _built_key(node: ast.JoinedStr, value: object) -> str:
    """The key an f-string with one placeholder builds for ``value``."""
    text: list[str] = []
    for part in node.values:
        if isinstance(part, ast.Constant):
            text.append(str(part.value))
        else:
            text.append(str(value))
    return "".join(text)


def test_the_scan_finds_the_lookups() -> None:
    uses = list(_uses())
    assert len(uses) > 100
    assert any(isinstance(use.node, ast.JoinedStr) for use in uses)


def test_every_key_used_in_code_is_in_the_catalogue() -> None:
    enums = _enums()
    problems = [problem for use in _uses() for problem in _missing(use, enums)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('t("welcome")', []),
        ('t("no_such_key_anywhere")', ["not in the catalogue"]),
        ('label(f"allergen_{a.value}")', []),
        ('label(f"nothing_like_{a.value}")', ["no catalogue key fits"]),
    ],
)
def test_the_check_itself(source: str, expected: list[str]) -> None:
    call = ast.parse(source, mode="eval").body
    assert isinstance(call, ast.Call)
    assert isinstance(call.func, ast.Name)
    use = KeyUse("example", call.func.id, call.args[0])
    problems = _missing(use, _enums())
    assert len(problems) == len(expected)
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem
