"""`make clean` removes everything the build made, and never the bot's data."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_clean_removes_build_products_and_keeps_data(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    made = [
        ".venv/bin",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis/examples",
        "gutcheck.egg-info",
        "build/lib",
        "dist",
        "bot/__pycache__",
        "tests/artifacts",
    ]
    for folder in made:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "gutcheck.db").write_text("answers")
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=x")
    subprocess.run(["make", "clean"], cwd=tmp_path, check=True, capture_output=True)
    for folder in made:
        assert not (tmp_path / folder).exists(), folder
    assert not (tmp_path / ".hypothesis").exists()
    assert not (tmp_path / "gutcheck.egg-info").exists()
    assert (tmp_path / "data" / "gutcheck.db").read_text() == "answers"
    assert (tmp_path / ".env").exists()
