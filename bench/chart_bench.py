"""Weekly-chart benchmark: the palette renderer (``bot.charts``) against a straightforward
matplotlib chart of the same content.

Each renderer runs in its own child process (so peak RSS is its own), single-threaded, over
varied charts (seeded): random sleep hours with missing nights, 0 h and 24 h, 3–7 habit rows
with every marker kind, a unique title per chart, labels in four languages, mostly 1080×1080
plus some 1200×900. Two passes of different charts: "first" starts from a fresh process
(caches fill as it goes), "steady" follows it. Reported per chart: wall-clock median / p95 /
max, CPU time of the rendering thread (less sensitive to other load on the machine), PNG size,
and the child's peak RSS. Then an interleaved run alternates the two renderers chart by chart
in one process, so background load hits both alike: its ratio is the fairest speed-up figure.
matplotlib is skipped, with a message, when it is not installed.

    .venv/bin/python bench/chart_bench.py                   # 2 × 300 charts, matplotlib 2 × 200
    .venv/bin/python bench/chart_bench.py --charts 500 --mpl-charts 300 --sample ''

Results are printed and written to bench/results/chart.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_file import write_results  # noqa: E402

SAMPLE = ROOT / "bench" / "results" / "week_chart_sample.png"

LANGUAGES: dict[str, dict[str, Any]] = {
    "en": {
        "weekdays": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        "habits": ("Probiotics", "Vitamin C", "Vitamin D", "Allergen-free", "Checked in"),
        "extra": ("Fermented food every day", "Water"),
        "sleep": "Sleep (hours)",
        "legend": ("done", "not done", "skipped / paused", "no answer"),
        "title": "Your week · {start:%d %b} – {end:%d %b %Y}",
        "sep": ".",
    },
    "de": {
        "weekdays": ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
        "habits": ("Probiotika", "Vitamin C", "Vitamin D", "Allergenfrei", "Eingecheckt"),
        "extra": ("Fermentiertes Gemüse täglich", "Übungen"),
        "sleep": "Schlaf (Stunden)",
        "legend": ("erledigt", "nicht erledigt", "übersprungen", "keine Antwort"),
        "title": "Deine Woche · {start:%d.%m.} – {end:%d.%m.%Y}",
        "sep": ",",
    },
    "fr": {
        "weekdays": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
        "habits": ("Probiotiques", "Vitamine C", "Vitamine D", "Sans allergène", "Réponses"),
        "extra": ("Aliments fermentés à chaque repas", "Café"),
        "sleep": "Sommeil (heures)",
        "legend": ("fait", "pas fait", "sauté / en pause", "sans réponse"),
        "title": "Ta semaine · {start:%d/%m} – {end:%d/%m/%Y}",
        "sep": ",",
    },
    "ru": {
        "weekdays": ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"),
        "habits": ("Пробиотики", "Витамин C", "Витамин D", "Без аллергенов", "Отметки"),
        "extra": ("Ферментированные продукты", "Вода"),
        "sleep": "Сон (часы)",
        "legend": ("да", "нет", "пропуск / пауза", "нет ответа"),
        "title": "Ваша неделя · {start:%d.%m} – {end:%d.%m.%Y}",
        "sep": ",",
    },
}

CELLS = ("kept", "missed", "protected", "unknown", None)
CELL_WEIGHTS = (0.55, 0.2, 0.08, 0.07, 0.1)


def make_specs(count: int, seed: int) -> list[dict[str, Any]]:
    """Plain-data chart specs both renderers draw (JSON-friendly, passed to the children)."""
    rng = random.Random(seed)
    specs: list[dict[str, Any]] = []
    first = date(2024, 1, 1)
    for index in range(count):
        language = rng.choice(tuple(LANGUAGES))
        words = LANGUAGES[language]
        hours: list[float | None] = []
        for _ in range(7):
            roll = rng.random()
            if roll < 0.12:
                hours.append(None)
            elif roll < 0.15:
                hours.append(rng.choice((0.0, 24.0)))
            else:
                hours.append(round(rng.uniform(4.0, 10.5) * 4) / 4)
        n_rows = rng.randint(3, 7)
        labels = list(words["habits"]) + list(words["extra"])
        rows = [
            {
                "label": labels[r],
                "cells": [rng.choices(CELLS, CELL_WEIGHTS)[0] for _ in range(7)],
            }
            for r in range(n_rows)
        ]
        start = first + timedelta(days=7 * index + rng.randint(0, 6))
        size = (1200, 900) if index % 10 == 9 else (1080, 1080)
        specs.append(
            {
                "title": words["title"].format(start=start, end=start + timedelta(days=6)),
                "weekdays": list(words["weekdays"]),
                "hours": hours,
                "rows": rows,
                "sleep": words["sleep"],
                "legend": list(words["legend"]),
                "sep": words["sep"],
                "width": size[0],
                "height": size[1],
            }
        )
    return specs


# --------------------------------------------------------------------------- our renderer


def fast_renderer() -> Any:
    from bot.charts import ChartLegend, HabitRow, WeekChartData, render_week_chart
    from bot.domain.habits import DayResult

    def to_data(spec: dict[str, Any]) -> WeekChartData:
        return WeekChartData(
            title=spec["title"],
            weekday_labels=tuple(spec["weekdays"]),
            sleep_hours=tuple(spec["hours"]),
            rows=tuple(
                HabitRow(
                    row["label"],
                    tuple(None if c is None else DayResult(c) for c in row["cells"]),
                )
                for row in spec["rows"]
            ),
            sleep_label=spec["sleep"],
            legend=ChartLegend(*spec["legend"]),
            decimal_separator=spec["sep"],
            width=spec["width"],
            height=spec["height"],
        )

    def render(spec: dict[str, Any]) -> bytes:
        return render_week_chart(to_data(spec))

    return render


# --------------------------------------------------------------------------- matplotlib


def matplotlib_renderer() -> Any:
    """The same chart drawn the usual matplotlib way: a new Figure per chart, bars with
    labels, a dashed target line, one scatter per marker kind, legend, PNG via Agg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    blue, sky, vermillion = "#0072B2", "#56B4E9", "#D55E00"
    styles: dict[str | None, dict[str, Any]] = {
        "kept": {"marker": "o", "facecolors": blue, "edgecolors": blue},
        "missed": {"marker": "o", "facecolors": "white", "edgecolors": "#555555"},
        "protected": {"marker": "s", "facecolors": "#8C8C8C", "edgecolors": "#8C8C8C"},
        "unknown": {"marker": "$?$", "facecolors": "#555555", "edgecolors": "#555555"},
        None: {"marker": ".", "facecolors": "#C8C8C8", "edgecolors": "#C8C8C8"},
    }

    def render(spec: dict[str, Any]) -> bytes:
        width, height = spec["width"], spec["height"]
        fig = Figure(figsize=(width / 100, height / 100), dpi=100)
        FigureCanvasAgg(fig)
        grid = fig.add_gridspec(2, 1, height_ratios=(1.1, 1.0), hspace=0.25)
        bars_ax = fig.add_subplot(grid[0])
        rows_ax = fig.add_subplot(grid[1], sharex=bars_ax)
        fig.suptitle(spec["title"], fontsize=22, fontweight="bold", x=0.05, ha="left")
        hours = spec["hours"]
        xs = range(7)
        values = [h if h is not None else 0.0 for h in hours]
        colours = [blue if (h or 0) >= 8 else sky for h in hours]
        bars = bars_ax.bar(xs, values, width=0.62, color=colours)
        labels = ["–" if h is None else f"{h:g}".replace(".", spec["sep"]) for h in hours]
        bars_ax.bar_label(bars, labels=labels, fontsize=15, fontweight="bold", padding=3)
        bars_ax.axhline(8, color=vermillion, linestyle="--", linewidth=2.5)
        top = max([12.0] + [h for h in hours if h is not None])
        bars_ax.set_ylim(0, top * 1.12)
        bars_ax.set_yticks(range(0, int(top) + 1, 4))
        bars_ax.set_yticklabels([f"{t} h" for t in range(0, int(top) + 1, 4)], fontsize=14)
        bars_ax.grid(axis="y", color="#DDDDDD")
        bars_ax.set_axisbelow(True)
        bars_ax.set_title(spec["sleep"], loc="left", fontsize=17, fontweight="bold")
        for side in ("top", "right", "left"):
            bars_ax.spines[side].set_visible(False)
        rows = spec["rows"]
        for kind, style in styles.items():
            points = [
                (x, len(rows) - 1 - r)
                for r, row in enumerate(rows)
                for x, cell in enumerate(row["cells"])
                if cell == kind
            ]
            if points:
                rows_ax.scatter(
                    [p[0] for p in points],
                    [p[1] for p in points],
                    s=600 if kind is not None else 60,
                    linewidths=2.5,
                    **style,
                )
        rows_ax.set_yticks(range(len(rows)))
        rows_ax.set_yticklabels([row["label"][:18] for row in reversed(rows)], fontsize=16)
        rows_ax.set_ylim(-0.6, len(rows) - 0.4)
        rows_ax.set_xticks(list(xs))
        rows_ax.set_xticklabels(spec["weekdays"], fontsize=16, fontweight="bold")
        bars_ax.tick_params(labelbottom=True, labelsize=16)
        for side in ("top", "right", "left", "bottom"):
            rows_ax.spines[side].set_visible(False)
        legend_markers: tuple[dict[str, Any], ...] = (
            {"marker": "o", "color": blue},
            {"marker": "o", "markerfacecolor": "white", "markeredgecolor": "#555555"},
            {"marker": "s", "color": "#8C8C8C"},
            {"marker": "$?$", "color": "#555555"},
        )
        handles = [
            Line2D([], [], linestyle="", markersize=14, markeredgewidth=2, **marker)
            for marker in legend_markers
        ]
        fig.legend(handles, spec["legend"], loc="lower center", ncol=4, fontsize=14, frameon=False)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()

    return render


# --------------------------------------------------------------------------- measuring


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[position]


def measure(render: Any, specs: list[dict[str, Any]]) -> dict[str, Any]:
    """Wall and CPU (this thread) milliseconds per chart."""
    wall: list[float] = []
    cpu: list[float] = []
    sizes: list[int] = []
    for spec in specs:
        start_cpu = time.thread_time_ns()
        start = time.perf_counter_ns()
        png = render(spec)
        wall.append((time.perf_counter_ns() - start) / 1e6)
        cpu.append((time.thread_time_ns() - start_cpu) / 1e6)
        sizes.append(len(png))
    return {
        "charts": len(specs),
        "median_ms": round(statistics.median(wall), 3),
        "p95_ms": round(percentile(wall, 0.95), 3),
        "mean_ms": round(statistics.fmean(wall), 3),
        "max_ms": round(max(wall), 3),
        "cpu_median_ms": round(statistics.median(cpu), 3),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 3),
        "first_ms": round(wall[0], 2),
        "median_png_bytes": int(statistics.median(sizes)),
    }


def run_worker(name: str, count: int, seed: int, sample: str | None) -> dict[str, Any]:
    """Two passes of ``count`` different charts: the first from a fresh process (caches and
    fonts load as it goes), the second in steady state (same languages, new titles and data)."""
    rss_before_import = peak_rss_mb()
    render = fast_renderer() if name == "fast" else matplotlib_renderer()
    rss_after_import = peak_rss_mb()
    first = measure(render, make_specs(count, seed))
    steady = measure(render, make_specs(count, seed + 1))
    if sample:
        Path(sample).write_bytes(render(SAMPLE_SPEC))
    return {
        "renderer": name,
        "first_pass": first,
        "steady": steady,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_after_import_mb": round(rss_after_import, 1),
        "rss_before_import_mb": round(rss_before_import, 1),
    }


def run_interleaved(count: int, seed: int) -> dict[str, Any]:
    """Both renderers in one process, alternating chart by chart, so background load on the
    machine hits both alike: the fairest speed-up figure. Warmed up on other charts first."""
    fast, mpl = fast_renderer(), matplotlib_renderer()
    for spec in make_specs(20, seed + 2):
        fast(spec)
        mpl(spec)
    walls: dict[str, list[float]] = {"fast": [], "matplotlib": []}
    cpus: dict[str, list[float]] = {"fast": [], "matplotlib": []}
    for spec in make_specs(count, seed + 3):
        for name, render in (("fast", fast), ("matplotlib", mpl)):
            start_cpu = time.thread_time_ns()
            start = time.perf_counter_ns()
            render(spec)
            walls[name].append((time.perf_counter_ns() - start) / 1e6)
            cpus[name].append((time.thread_time_ns() - start_cpu) / 1e6)
    result: dict[str, Any] = {"charts": count}
    for name in walls:
        result[name] = {
            "median_ms": round(statistics.median(walls[name]), 3),
            "p95_ms": round(percentile(walls[name], 0.95), 3),
            "cpu_median_ms": round(statistics.median(cpus[name]), 3),
        }
    ratios = [m / f for m, f in zip(walls["matplotlib"], walls["fast"], strict=True)]
    result["speedup_median_of_pairs"] = round(statistics.median(ratios), 1)
    result["speedup_median"] = round(
        result["matplotlib"]["median_ms"] / result["fast"]["median_ms"], 1
    )
    result["speedup_cpu_median"] = round(
        result["matplotlib"]["cpu_median_ms"] / result["fast"]["cpu_median_ms"], 1
    )
    return result


SAMPLE_SPEC: dict[str, Any] = {
    "title": "Your week · 17–23 March 2025",
    "weekdays": list(LANGUAGES["en"]["weekdays"]),
    "hours": [7.5, 8.25, None, 6.0, 9.0, 0.0, 8.0],
    "rows": [
        {
            "label": "Probiotics",
            "cells": ["kept", "kept", "protected", "missed", "kept", "unknown", None],
        },
        {
            "label": "Vitamin C",
            "cells": ["kept", "missed", "protected", "kept", "kept", "kept", None],
        },
        {
            "label": "Vitamin D",
            "cells": ["kept", "kept", "protected", "kept", "missed", "missed", None],
        },
        {
            "label": "Allergen-free",
            "cells": ["kept", "kept", "protected", "missed", "kept", "kept", None],
        },
        {
            "label": "Checked in",
            "cells": ["kept", "kept", "protected", "kept", "kept", "kept", None],
        },
    ],
    "sleep": LANGUAGES["en"]["sleep"],
    "legend": list(LANGUAGES["en"]["legend"]),
    "sep": ".",
    "width": 1080,
    "height": 1080,
}


def child(name: str, count: int, seed: int, sample: str | None) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", name, "--charts", str(count)]
    command += ["--seed", str(seed), "--sample", sample or ""]  # "" = no sample from this child
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=300)
    parser.add_argument("--mpl-charts", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20250317)
    parser.add_argument("--sample", default=str(SAMPLE), help="write one chart here ('' = none)")
    parser.add_argument("--interleaved", type=int, default=150, help="charts (0 = skip)")
    parser.add_argument(
        "--worker", choices=("fast", "matplotlib", "interleaved"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()

    if args.worker == "interleaved":
        print(json.dumps(run_interleaved(args.charts, args.seed)))
        return
    if args.worker:
        result = run_worker(args.worker, args.charts, args.seed, args.sample or None)
        print(json.dumps(result))
        return

    results: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "seed": args.seed,
    }
    fast = child("fast", args.charts, args.seed, args.sample or None)
    results["fast"] = fast
    if importlib.util.find_spec("matplotlib") is None:
        print("matplotlib is not installed: skipping the matplotlib comparison")
        print("(pip install matplotlib into the venv to compare)")
        results["matplotlib"] = None
    else:
        import matplotlib

        mpl = child("matplotlib", args.mpl_charts, args.seed, None)
        mpl["version"] = matplotlib.__version__
        results["matplotlib"] = mpl
        fast_steady, mpl_steady = fast["steady"], mpl["steady"]
        results["speedup_median"] = round(mpl_steady["median_ms"] / fast_steady["median_ms"], 1)
        results["speedup_p95"] = round(mpl_steady["p95_ms"] / fast_steady["p95_ms"], 1)
        results["speedup_cpu_median"] = round(
            mpl_steady["cpu_median_ms"] / fast_steady["cpu_median_ms"], 1
        )
        if args.interleaved > 0:
            results["interleaved"] = child("interleaved", args.interleaved, args.seed, None)
    import numpy
    import PIL

    results["versions"] = {"numpy": numpy.__version__, "pillow": PIL.__version__}

    header = f"{'renderer':<12}{'pass':<7}{'charts':>7}{'median ms':>11}{'p95 ms':>9}"
    header += f"{'CPU med':>9}{'CPU p95':>9}{'max ms':>9}{'PNG KiB':>9}{'peak RSS MB':>13}"
    print(header)
    print("-" * len(header))
    for name in ("fast", "matplotlib"):
        measured: dict[str, Any] | None = results.get(name)
        if measured is None:
            continue
        for label, key in (("first", "first_pass"), ("steady", "steady")):
            row = measured[key]
            print(
                f"{name:<12}{label:<7}{row['charts']:>7}{row['median_ms']:>11.2f}"
                f"{row['p95_ms']:>9.2f}{row['cpu_median_ms']:>9.2f}{row['cpu_p95_ms']:>9.2f}"
                f"{row['max_ms']:>9.1f}{row['median_png_bytes'] / 1024:>9.1f}"
                f"{measured['peak_rss_mb']:>13.1f}"
            )
    if "speedup_median" in results:
        print(
            f"speed-up (separate runs, steady, wall): {results['speedup_median']}× median, "
            f"{results['speedup_p95']}× p95; CPU time: {results['speedup_cpu_median']}× median"
        )
    both = results.get("interleaved")
    if both:
        print(
            f"interleaved ({both['charts']} charts, same load for both): "
            f"fast {both['fast']['median_ms']:.2f} ms, "
            f"matplotlib {both['matplotlib']['median_ms']:.1f} ms median → "
            f"{both['speedup_median']}× (median of per-chart ratios "
            f"{both['speedup_median_of_pairs']}×; CPU time {both['speedup_cpu_median']}×)"
        )
    written = write_results("chart", results, echo=False)
    print(f"written: {written.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
