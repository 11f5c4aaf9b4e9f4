"""/insights benchmark: the whole command over 365 days of answers, and the picture alone.

1. ``/insights`` end to end in the service (``ProgressService.insights``): one SQLite
   database (migrated schema, WAL) with a user and 365 answered days, then the call the
   handler makes — read the history, compute every comparison (Bayesian bootstrap, 2 × 4,000
   draws each), the foods and sleep figures, render the picture off the event loop, write the
   text. Target ≤ 50 ms. Its parts are timed on their own too: ``compute_insights`` over the
   365 days, and the text.
2. The picture (``render_insights_chart``) over varied histories (seeded: 14–365 days, 1–8
   watched allergens, a planted effect or none). Target ≤ 15 ms per image. "first" starts with
   empty sprite caches, "steady" follows.

Reported per item: wall-clock median / p95 / max and CPU time of the thread (less sensitive to
other load on this shared machine). The load average is recorded with the figures.

    .venv/bin/python bench/insights_bench.py                  # 200 calls, 300 pictures
    .venv/bin/python bench/insights_bench.py --calls 50 --charts 100

Results are printed and written to bench/results/insights.json; the sample picture to
bench/results/insights_sample.png.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_file import write_results  # noqa: E402
from bot.charts.drawing import clear_caches  # noqa: E402
from bot.charts.insights import render_insights_chart  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms  # noqa: E402
from bot.domain.habits import Day, DayMark  # noqa: E402
from bot.domain.insights import compute_insights  # noqa: E402
from bot.views.insights import chart_data, insights_text  # noqa: E402

SAMPLE = ROOT / "bench" / "results" / "insights_sample.png"
LEVELS = (Symptoms.NONE, Symptoms.MILD, Symptoms.STRONG)
KINDS = tuple(ProbioticKind)


def synthetic_days(seed: int, count: int, allergens: tuple[Allergen, ...]) -> list[Day]:
    rng = random.Random(seed)
    end = date(2026, 12, 6)
    planted = rng.random() < 0.5
    days: list[Day] = []
    for offset in range(count):
        current = end - timedelta(days=count - 1 - offset)
        if rng.random() < 0.08:
            days.append(Day(current, DayMark.MISSED))
            continue
        vitamin_c = rng.random() < 0.5
        shares = (0.85, 0.12, 0.03) if planted and vitamin_c else (0.55, 0.3, 0.15)
        probiotics = rng.random() < 0.6
        exposed = tuple(a for a in allergens if rng.random() < 0.15)
        answers = DayAnswers(
            current,
            sleep_hours=rng.choice((5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0)),
            probiotics=probiotics,
            probiotic_kinds=tuple(rng.sample(KINDS, rng.randint(1, 2))) if probiotics else (),
            probiotic_tolerated=(rng.random() < 0.8) if probiotics else None,
            vitamin_c=vitamin_c,
            vitamin_d=rng.random() < 0.5,
            allergens_asked=allergens,
            allergens_exposed=exposed,
            allergens_answered=bool(allergens),
            symptoms=rng.choices(LEVELS, shares)[0] if rng.random() < 0.95 else None,
        )
        days.append(Day(current, DayMark.ANSWERED, answers))
    return days


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def timed(run: Callable[[], object], repeat: int) -> dict[str, float]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.thread_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    result = stats(wall)
    result["cpu_median_ms"] = round(statistics.median(cpu) * 1000, 2)
    return result


# --------------------------------------------------------------------------- the command


async def command_bench(calls: int) -> dict[str, Any]:
    from bot.services.progress import ProgressService
    from bot.services.scheduling import CheckinScheduler
    from bot.services.tips import TipService
    from models.db import Database
    from models.entities import DayEntry
    from models.migrate import upgrade
    from tests.db.helpers import add_user

    now = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
    clock = FakeClock(now)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await asyncio.to_thread(upgrade, url)
        db = Database(url)
        try:
            scheduler = CheckinScheduler(
                db, clock, catch_up=timedelta(hours=3), lease=timedelta(minutes=2)
            )
            watched = (Allergen.EGGS, Allergen.DAIRY, Allergen.PEANUTS)
            await add_user(
                db,
                scheduler,
                clock,
                1,
                allergens=tuple(a.value for a in watched),
                now=now - timedelta(days=400),
            )
            days = synthetic_days(1, 365, watched)
            async with db.transaction() as session:
                for day in days:
                    a = day.answers
                    if a is None:
                        continue
                    session.add(
                        DayEntry(
                            user_id=1,
                            local_date=day.local_date,
                            sleep_hours=a.sleep_hours,
                            probiotics=a.probiotics,
                            probiotic_kinds=[k.value for k in a.probiotic_kinds],
                            probiotic_kinds_done=True,
                            probiotic_tolerated=a.probiotic_tolerated,
                            vitamin_c=a.vitamin_c,
                            vitamin_d=a.vitamin_d,
                            allergens_asked=[x.value for x in a.allergens_asked],
                            allergens_exposed=[x.value for x in a.allergens_exposed],
                            allergens_answered=a.allergens_answered,
                            symptoms=None if a.symptoms is None else a.symptoms.value,
                            note_answered=True,
                            updated_at=now,
                        )
                    )
            service = ProgressService(db, clock, TipService(db, clock))
            outcome = await service.insights(1)  # warm-up: imports, caches, connections
            assert outcome is not None
            assert outcome.send[0].photo is not None
            wall: list[float] = []
            cpu: list[float] = []
            for _ in range(calls):
                start, start_cpu = time.perf_counter(), time.process_time()
                await service.insights(1)
                wall.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            result: dict[str, Any] = stats(wall)
            result["cpu_median_ms"] = round(statistics.median(cpu) * 1000, 2)
            result["text_chars"] = len(outcome.send[1].text)
        finally:
            await db.dispose()
    today = days[-1].local_date
    watched_list = (Allergen.EGGS, Allergen.DAIRY, Allergen.PEANUTS)
    found = compute_insights(days, today, watched_list)
    parts = {
        "compute_insights": timed(lambda: compute_insights(days, today, watched_list), calls),
        "text": timed(lambda: insights_text(found, None), calls),
        "comparisons": len(found.comparisons),
    }
    return {"command": result, "parts": parts}


# --------------------------------------------------------------------------- the picture


def chart_bench(charts: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    inputs = []
    for index in range(charts * 2):
        count = rng.choice((14, 20, 28, 60, 120, 365))
        watched = tuple(rng.sample(tuple(Allergen), rng.randint(1, 8)))
        days = synthetic_days(seed * 10_000 + index, count, watched)
        today = days[-1].local_date
        found = compute_insights(days, today, watched)
        inputs.append(chart_data(found, days, today, None))
    clear_caches()
    results: dict[str, Any] = {}
    for name, batch in (("first", inputs[:charts]), ("steady", inputs[charts:])):
        wall: list[float] = []
        cpu: list[float] = []
        sizes: list[int] = []
        for data in batch:
            start, start_cpu = time.perf_counter(), time.thread_time()
            png = render_insights_chart(data)
            wall.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
            sizes.append(len(png))
        entry: dict[str, Any] = stats(wall)
        entry["cpu_median_ms"] = round(statistics.median(cpu) * 1000, 2)
        entry["png_kb_median"] = round(statistics.median(sizes) / 1024, 1)
        results[name] = entry
    SAMPLE.write_bytes(render_insights_chart(inputs[-1]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--charts", type=int, default=300)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    load_before = os.getloadavg()
    command = asyncio.run(command_bench(args.calls))
    picture = chart_bench(args.charts, args.seed)
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "insights_command_365_days": command,
        "insights_picture": picture,
    }
    write_results("insights", report)


if __name__ == "__main__":
    main()
