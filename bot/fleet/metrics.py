"""Prometheus metrics of one worker (served on ``/metrics`` by :mod:`bot.fleet.health`).

Each running bot has its own registry rather than prometheus-client's global one, so several
bots in one process (tests, the sandbox) never collide on metric names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# Handler latency: a button answer takes a few milliseconds; a chart or a PDF export longer.
_HANDLER_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_DB_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.updates = Counter(
            "gutcheck_updates_handled",
            "Telegram updates handled, by outcome (handled, failed)",
            ["outcome"],
            registry=registry,
        )
        self.handler_seconds = Histogram(
            "gutcheck_update_handling_seconds",
            "Time from receiving an update to finishing with it",
            buckets=_HANDLER_BUCKETS,
            registry=registry,
        )
        self._dispatcher = _DispatcherCollector()
        registry.register(self._dispatcher)
        for outcome in ("handled", "failed"):
            self.updates.labels(outcome)
        self.flood_waits = Counter(
            "gutcheck_telegram_flood_waits",
            "Telegram answers 429 Too Many Requests (flood control)",
            registry=registry,
        )
        self.due_waiting = Gauge(
            "gutcheck_checkins_due",
            "Check-ins due now and not yet claimed for sending (read at scrape time)",
            registry=registry,
        )
        self.due_lateness = Gauge(
            "gutcheck_checkins_due_lateness_seconds",
            "How late the most overdue unclaimed check-in is (0 when none is due)",
            registry=registry,
        )
        self.db_seconds = Histogram(
            "gutcheck_database_query_seconds",
            "Time each database statement takes, as this worker sees it",
            buckets=_DB_BUCKETS,
            registry=registry,
        )
        self.sending_role = Gauge(
            "gutcheck_sending_role",
            "1 while this worker holds the sending role (runs scheduled sending)",
            registry=registry,
        )

    def watch_dispatcher(self, dispatcher: DispatcherCounts) -> None:
        """Report this dispatcher's counts (prompts by outcome, the send queue) at scrape."""
        self._dispatcher.dispatcher = dispatcher


class DispatcherCounts(Protocol):
    sent: int
    failed: int
    blocked: int

    @property
    def waiting_to_send(self) -> int: ...


class _DispatcherCollector(Collector):
    """Reads the dispatcher's own counters when scraped: nothing is added to the send path."""

    def __init__(self) -> None:
        self.dispatcher: DispatcherCounts | None = None

    def describe(self) -> Iterable[Metric]:
        return list(self._families(None))

    def collect(self) -> Iterable[Metric]:
        return list(self._families(self.dispatcher))

    @staticmethod
    def _families(dispatcher: DispatcherCounts | None) -> Iterator[Metric]:
        prompts = CounterMetricFamily(
            "gutcheck_prompts",
            "Scheduled messages (check-ins, reminders, summaries) by outcome: sent, failed, "
            "blocked (the user has blocked the bot)",
            labels=["outcome"],
        )
        queue = GaugeMetricFamily(
            "gutcheck_send_queue", "Messages this worker has claimed and not yet sent"
        )
        if dispatcher is not None:
            prompts.add_metric(["sent"], dispatcher.sent)
            prompts.add_metric(["failed"], dispatcher.failed)
            prompts.add_metric(["blocked"], dispatcher.blocked)
            queue.add_metric([], dispatcher.waiting_to_send)
        else:
            for outcome in ("sent", "failed", "blocked"):
                prompts.add_metric([outcome], 0)
            queue.add_metric([], 0)
        yield prompts
        yield queue
