"""Where every benchmark keeps its report: ``bench/results/<name>.json``, the figures the README
and docs quote."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def write_results(name: str, report: Any, *, echo: bool = True) -> Path:
    """Write ``report`` as indented JSON to ``bench/results/<name>.json`` and, with ``echo``,
    print the same JSON; returns the file's path."""
    text = json.dumps(report, indent=2)
    path = RESULTS_DIR / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")
    if echo:
        print(text)
    return path
