"""Deterministic fault injection: "the next N matching calls fail / answer late"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.emulator.errors import ApiError, default_error_for_code

ANY_METHOD = "*"


@dataclass(slots=True)
class FaultRule:
    method: str  # lower-case method name, or "*" for every method
    remaining: int
    chat_id: int | str | None = None
    # failure
    error: ApiError | None = None
    # delay
    delay_seconds: float = 0.0
    deliver: bool = True

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        if self.method not in (ANY_METHOD, method):
            return False
        return self.chat_id is None or _same_chat(self.chat_id, chat_id)

    def describe(self) -> dict[str, Any]:
        kind = "fail" if self.error is not None else "delay"
        result: dict[str, Any] = {
            "kind": kind,
            "method": self.method,
            "remaining": self.remaining,
            "chat_id": self.chat_id,
        }
        if self.error is not None:
            result.update(self.error.to_payload())
        else:
            result.update({"seconds": self.delay_seconds, "deliver": self.deliver})
        return result


def _same_chat(expected: int | str, actual: int | str | None) -> bool:
    return actual is not None and str(expected) == str(actual)


class FaultInjector:
    def __init__(self) -> None:
        self._failures: list[FaultRule] = []
        self._delays: list[FaultRule] = []

    @property
    def active(self) -> bool:
        return bool(self._failures or self._delays)

    def fail_next(
        self,
        method: str,
        error_code: int = 500,
        retry_after: int = 1,
        times: int = 1,
        chat_id: int | str | None = None,
        *,
        description: str | None = None,
    ) -> FaultRule:
        """Make the next ``times`` calls of ``method`` ("*" for any) fail with ``error_code``.

        429 carries ``retry_after`` (body and Retry-After header); 403 reads "Forbidden: bot was
        blocked by the user"; 500 and 502 are server errors. ``chat_id`` narrows the match.
        """
        if times < 1:
            raise ValueError("times must be at least 1")
        if error_code == 429 and retry_after < 1:
            raise ValueError("retry_after must be at least 1 (the server never sends 0)")
        error = default_error_for_code(error_code, retry_after)
        if description is not None:
            error = ApiError(
                error_code, description, retry_after=retry_after if error_code == 429 else None
            )
        rule = FaultRule(method.lower(), times, chat_id, error=error)
        self._failures.append(rule)
        return rule

    def delay_next(
        self,
        method: str,
        seconds: float,
        times: int = 1,
        deliver: bool = True,
        chat_id: int | str | None = None,
    ) -> FaultRule:
        """Answer the next ``times`` calls ``seconds`` late, so a client with a shorter read
        timeout gives up. ``deliver=True``: the call takes effect anyway (the ambiguous case);
        ``deliver=False``: it does not, and the late answer is 502 Bad Gateway."""
        if times < 1:
            raise ValueError("times must be at least 1")
        rule = FaultRule(method.lower(), times, chat_id, delay_seconds=seconds, deliver=deliver)
        self._delays.append(rule)
        return rule

    def clear(self) -> None:
        self._failures.clear()
        self._delays.clear()

    def take_failure(self, method: str, chat_id: int | str | None) -> ApiError | None:
        rule = self._take(self._failures, method, chat_id)
        if rule is None or rule.error is None:
            return None
        # A fresh exception per call: one instance re-raised keeps growing its traceback.
        error = rule.error
        return ApiError(error.error_code, error.description, retry_after=error.retry_after)

    def take_delay(self, method: str, chat_id: int | str | None) -> FaultRule | None:
        return self._take(self._delays, method, chat_id)

    def describe(self) -> list[dict[str, Any]]:
        return [rule.describe() for rule in self._failures + self._delays]

    @staticmethod
    def _take(rules: list[FaultRule], method: str, chat_id: int | str | None) -> FaultRule | None:
        for rule in rules:
            if rule.matches(method, chat_id):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    rules.remove(rule)
                return rule
        return None
