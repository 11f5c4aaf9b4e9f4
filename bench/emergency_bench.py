"""How long the emergency check takes per message (every message goes through it).

Run: .venv/bin/python bench/emergency_bench.py — prints microseconds per message for the
labelled corpus (token caches warm) and for novel word salads built from its words (caches
cold for most tokens), and the machine load. Results: bench/README.md.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import yaml

from bot.domain.emergency import is_emergency

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "emergency_corpus.yaml"


def main() -> None:
    corpus = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    texts = [text for labelled in corpus.values() for group in labelled.values() for text in group]
    started = time.perf_counter()
    is_emergency("warm-up: loads the phrase files")
    print(f"first call (loads the rules): {(time.perf_counter() - started) * 1e3:.0f} ms")
    for text in texts:
        is_emergency(text)
    started = time.perf_counter()
    for text in texts:
        is_emergency(text)
    per_corpus = (time.perf_counter() - started) / len(texts)
    words = " ".join(texts).split()
    rng = random.Random(1)
    novel = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 20))) for _ in range(2000)]
    started = time.perf_counter()
    for text in novel:
        is_emergency(text)
    per_novel = (time.perf_counter() - started) / len(novel)
    print(f"corpus messages ({len(texts)}): {per_corpus * 1e6:.0f} µs each")
    print(f"novel 3-20 word messages ({len(novel)}): {per_novel * 1e6:.0f} µs each")
    print(f"load average: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
