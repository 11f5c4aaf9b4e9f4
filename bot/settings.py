"""Configuration from the environment or a ``.env`` file, validated once at start-up."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/gutcheck.db"
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"

# "<bot id>:<35-ish url-safe characters>", as issued by @BotFather.
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")


class Settings(BaseSettings):
    """Every setting the bot reads; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = Field(default=None)
    telegram_base_url: str = TELEGRAM_BASE_URL
    telegram_base_file_url: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"

    scheduler_tick_seconds: float = Field(default=30.0, gt=0, le=3600)
    catch_up_window_minutes: int = Field(default=180, ge=0, le=24 * 60)
    send_rate_per_second: float = Field(default=30.0, gt=0, le=1000)
    telegram_paid_broadcast: bool = False
    send_workers: int = Field(default=16, ge=1, le=256)
    send_lease_seconds: int = Field(default=120, ge=10)

    auto_migrate: bool = True

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @property
    def file_base_url(self) -> str:
        """Where files are downloaded from; derived from the API base URL unless set."""
        if self.telegram_base_file_url:
            return self.telegram_base_file_url
        return self.telegram_base_url.replace("/bot", "/file/bot", 1)

    def sqlite_path(self) -> Path | None:
        """The database file when the URL points at a SQLite file, else ``None``."""
        prefix = "sqlite+aiosqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        path = self.database_url[len(prefix) :].split("?", 1)[0]
        if not path or path == ":memory:":
            return None
        return Path(path)


def token_problem(token: SecretStr | None) -> str | None:
    """Why the token cannot be used, or ``None`` when it looks right."""
    if token is None or not token.get_secret_value().strip():
        return "missing"
    if not TOKEN_PATTERN.match(token.get_secret_value().strip()):
        return "malformed"
    return None
