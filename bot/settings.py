"""Configuration from the environment or a ``.env`` file, validated once at start-up."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/gutcheck.db"
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"

# "<bot id>:<35-ish url-safe characters>", as issued by @BotFather.
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
# What Telegram accepts as setWebhook's secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


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
    # Concurrent senders; by default enough to keep the rate limit busy while answers are on
    # their way (16 at 30/s; 96 with paid broadcasts, measured in bench/README.md).
    send_workers: int | None = Field(default=None, ge=1, le=256)
    # Updates handled at once (different chats in parallel, each chat's updates in order).
    concurrent_updates: int = Field(default=16, ge=1, le=256)
    send_lease_seconds: int = Field(default=120, ge=10)
    # How long to wait for Telegram's answer; a longer wait means fewer ambiguous timeouts
    # (a message delivered whose answer never came is sent again).
    telegram_read_timeout_seconds: float = Field(default=5.0, gt=0, le=120)

    auto_migrate: bool = True

    # Webhook mode (`gutcheck run --webhook`, or WEBHOOK_URL set): Telegram POSTs updates to
    # this public HTTPS URL; a proxy terminates TLS and forwards to WEBHOOK_LISTEN:WEBHOOK_PORT.
    webhook_url: str | None = None
    # Telegram sends it with every update; default: derived from the bot token, so every
    # worker of a fleet agrees without one more secret to distribute.
    webhook_secret_token: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=0, le=65535)
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    # /healthz, /readyz and /metrics; off unless a port is set (0: any free port).
    health_listen: str = "127.0.0.1"
    health_port: int | None = Field(default=None, ge=0, le=65535)

    # Empty: anyone may use the bot. Otherwise only these Telegram user ids (and the admins).
    allowed_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()

    @field_validator("allowed_user_ids", "admin_user_ids", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> object:
        """Comma- or space-separated ids, as an operator would type them in .env."""
        if isinstance(value, str):
            parts = [part for part in re.split(r"[,\s]+", value.strip()) if part]
            try:
                return frozenset(int(part) for part in parts)
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        return value

    def may_use(self, user_id: int) -> bool:
        return not self.allowed_user_ids or user_id in self.allowed_user_ids | self.admin_user_ids

    @field_validator("health_port", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _public_https_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.lower().startswith("https://"):
            raise ValueError("must be the public https:// URL Telegram posts updates to")
        return value

    @field_validator("webhook_secret_token")
    @classmethod
    def _secret_characters(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not WEBHOOK_SECRET_PATTERN.fullmatch(value.get_secret_value()):
            raise ValueError("must be 1-256 characters: letters, digits, _ and -")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @property
    def effective_send_workers(self) -> int:
        if self.send_workers is not None:
            return self.send_workers
        return 96 if self.telegram_paid_broadcast else 16

    @property
    def file_base_url(self) -> str:
        """Where files are downloaded from; derived from the API base URL unless set."""
        if self.telegram_base_file_url:
            return self.telegram_base_file_url
        return self.telegram_base_url.replace("/bot", "/file/bot", 1)

    @property
    def webhook_secret(self) -> str:
        """The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (the setting, or one
        derived from the bot token: the same on every worker, useless without the token)."""
        if self.webhook_secret_token is not None:
            return self.webhook_secret_token.get_secret_value()
        if self.telegram_bot_token is None:
            raise ValueError("a webhook secret needs TELEGRAM_BOT_TOKEN or WEBHOOK_SECRET_TOKEN")
        token = self.telegram_bot_token.get_secret_value().encode()
        return hmac.new(token, b"gutcheck webhook secret", hashlib.sha256).hexdigest()

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
