"""The Bot API method table, used to tell unknown methods from unimplemented ones and to
reject requests with missing or unknown parameters.

The data lives in ``bot_api_spec.json``: a compact extract (method names, parameter names,
whether each is required, and their types) of the machine-readable Bot API spec. Regenerate it
with ``python -m sandbox.emulator.spec /path/to/api.json`` when the spec is updated.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_FILE = Path(__file__).with_name("bot_api_spec.json")


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    name: str
    required: bool
    types: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    parameters: dict[str, ParameterSpec]

    @property
    def required_parameters(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parameters.values() if p.required)


@dataclass(frozen=True, slots=True)
class BotApiSpec:
    version: str
    methods: dict[str, MethodSpec]  # keyed by lower-case name, as the server matches them

    def method(self, name: str) -> MethodSpec | None:
        return self.methods.get(name.lower())


@cache
def load_spec() -> BotApiSpec:
    raw = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = {}
    for name, params in raw["methods"].items():
        parameters = {
            p["name"]: ParameterSpec(p["name"], bool(p["required"]), tuple(p["types"]))
            for p in params
        }
        methods[name.lower()] = MethodSpec(name, parameters)
    return BotApiSpec(version=str(raw["version"]), methods=methods)


def build_compact_spec(api: dict[str, Any]) -> dict[str, Any]:
    """Reduce PaulSonOfLars/telegram-bot-api-spec's ``api.json`` to what the emulator needs."""
    methods = {
        name: [
            {"name": f["name"], "required": bool(f["required"]), "types": list(f["types"])}
            for f in method.get("fields", [])
        ]
        for name, method in sorted(api["methods"].items())
    }
    return {"version": api["version"], "release_date": api["release_date"], "methods": methods}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m sandbox.emulator.spec /path/to/api.json", file=sys.stderr)
        return 2
    api = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    compact = build_compact_spec(api)
    SPEC_FILE.write_text(json.dumps(compact, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {SPEC_FILE} ({len(compact['methods'])} methods, {compact['version']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
