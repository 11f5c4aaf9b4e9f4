"""``gutcheck content check``: validate the content packs from the command line.

The project CLI can call :func:`content_check` (or :func:`main` with its own arguments);
``python -m bot.tips check [--root PATH]`` runs the same thing on its own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.tips.content import TOPICS
from bot.tips.loader import PACKS_ROOT, read_packs


def content_check(root: Path | None = None, *, out: TextIO | None = None) -> int:
    """Print every content problem (exit status 1), or a one-line OK summary (exit status 0)."""
    stream = out if out is not None else sys.stdout
    library, problems = read_packs(Path(root) if root is not None else PACKS_ROOT)
    if problems:
        for problem in problems:
            print(problem, file=stream)
        print(f"content check FAILED: {len(problems)} problem(s)", file=stream)
        return 1
    per_topic = ", ".join(
        f"{topic} {sum(1 for t in library.tips if t.topic == topic)}" for topic in TOPICS
    )
    packs = len(library.packs)
    print(
        f"content OK: {packs} pack{'s' if packs != 1 else ''}, {len(library.tips)} tips "
        f"({per_topic})",
        file=stream,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gutcheck content", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the content packs")
    check.add_argument("--root", type=Path, default=None, help="packs folder (default: packaged)")
    args = parser.parse_args(argv)
    return content_check(args.root)
