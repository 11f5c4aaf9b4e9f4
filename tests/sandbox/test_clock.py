"""The sandbox clock flows with real time and only ever jumps forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sandbox import SandboxClock

WALL = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


class Wall:
    def __init__(self) -> None:
        self.now = WALL

    def __call__(self) -> datetime:
        return self.now


def test_starts_at_real_now_and_flows_with_it() -> None:
    wall = Wall()
    clock = SandboxClock(wall_clock=wall)
    assert clock.now() == WALL
    wall.now += timedelta(seconds=42)
    assert clock.now() == WALL + timedelta(seconds=42)


def test_a_chosen_start_keeps_flowing() -> None:
    wall = Wall()
    start = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
    clock = SandboxClock(start, wall_clock=wall)
    wall.now += timedelta(minutes=5)
    assert clock.now() == start + timedelta(minutes=5)


def test_jumps_go_forward_only_and_bump_the_version() -> None:
    wall = Wall()
    clock = SandboxClock(wall_clock=wall)
    assert clock.jump_to(WALL + timedelta(days=2)) == WALL + timedelta(days=2)
    assert clock.version == 1
    assert clock.jump_to(WALL + timedelta(days=1)) == WALL + timedelta(days=2)
    assert clock.version == 1  # nothing happened
    wall.now += timedelta(seconds=1)
    assert clock.now() == WALL + timedelta(days=2, seconds=1)
    assert clock.advance(timedelta(hours=1)) == WALL + timedelta(days=2, hours=1, seconds=1)
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(seconds=-1))


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        SandboxClock(datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        SandboxClock().jump_to(datetime(2099, 1, 1))
