"""docker-compose.yml's structure (no Docker engine here to run it): two webhook workers on
PostgreSQL behind the proxy, migrations once before them, Prometheus behind a profile, and
every setting it passes is one the bot knows."""

from __future__ import annotations

import re
from typing import Any

import yaml

from bot.settings import Settings
from tests.processes import REPO_ROOT


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def _workers(services: dict[str, Any]) -> dict[str, Any]:
    return {name: s for name, s in services.items() if name.startswith("worker-")}


def test_two_webhook_workers_on_postgres_after_the_migrations() -> None:
    services = _compose()["services"]
    workers = _workers(services)
    assert len(workers) == 2
    for worker in workers.values():
        assert worker["command"] == ["gutcheck", "run", "--webhook"]
        env = worker["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["WEBHOOK_URL"].startswith("https://")
        assert env["AUTO_MIGRATE"] == "false"
        assert worker["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert worker["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "/readyz" in " ".join(worker["healthcheck"]["test"])
        known = {name.upper() for name in Settings.model_fields}
        assert set(env) <= known, set(env) - known
    assert services["migrate"]["command"] == ["gutcheck", "db", "upgrade"]
    assert services["postgres"]["image"].startswith("postgres:")


def test_the_proxy_and_prometheus_reach_every_worker() -> None:
    compose = _compose()
    services = compose["services"]
    workers = _workers(services)
    ports = {
        (w["environment"]["WEBHOOK_PORT"], w["environment"]["HEALTH_PORT"])
        for w in workers.values()
    }
    [(webhook_port, health_port)] = ports
    caddyfile = (REPO_ROOT / "deploy" / "Caddyfile").read_text()
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams is not None
    assert set(upstreams.group(1).split()) == {f"{name}:{webhook_port}" for name in workers}
    assert f"health_port {health_port}" in caddyfile
    assert "handle /telegram" in caddyfile  # the path of WEBHOOK_URL
    assert all(w["environment"]["WEBHOOK_URL"].endswith("/telegram") for w in workers.values())

    assert services["prometheus"]["profiles"] == ["metrics"]
    prometheus = yaml.safe_load((REPO_ROOT / "deploy" / "prometheus.yml").read_text())
    [job] = prometheus["scrape_configs"]
    [targets] = job["static_configs"]
    assert set(targets["targets"]) == {f"{name}:{health_port}" for name in workers}
    for volume in ("postgres-data",):
        assert volume in compose["volumes"]
