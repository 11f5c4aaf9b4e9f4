"""getUpdates and the webhook methods; delivery itself is sandbox/emulator/webhook_delivery.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sandbox.emulator.api_common import ApiContext, MethodHandler
from sandbox.emulator.errors import bad_request
from sandbox.emulator.params import RequestParams
from sandbox.emulator.updates import terminated_by_set_webhook
from sandbox.emulator.webhook_delivery import WebhookDelivery

# LIMITS.md §12: "Ports currently supported for webhooks: 443, 80, 88, 8443."
WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})


class UpdateMethods:
    def __init__(self, context: ApiContext, delivery: WebhookDelivery) -> None:
        self.ctx = context
        self.delivery = delivery

    def handlers(self) -> dict[str, MethodHandler]:
        return {
            "getupdates": self.get_updates,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
        }

    def _allowed_updates(self, params: RequestParams) -> list[str] | None:
        if "allowed_updates" not in params:
            return None
        allowed = params.json("allowed_updates", "can't parse allowed updates JSON object")
        if allowed is None:
            return None
        if not isinstance(allowed, list) or not all(isinstance(kind, str) for kind in allowed):
            raise bad_request("can't parse allowed updates JSON object")
        return allowed

    async def get_updates(self, params: RequestParams) -> list[dict[str, Any]]:
        return await self.ctx.updates.get_updates(
            offset=params.integer("offset"),
            limit=params.integer("limit"),
            timeout=params.number("timeout"),
            allowed_updates=self._allowed_updates(params),
        )

    async def set_webhook(self, params: RequestParams) -> bool:
        url = params.string("url") or ""
        if not url:
            return await self.delete_webhook(params)
        if not url.lower().startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        try:
            port = urlsplit(url).port or 443
        except ValueError:
            raise bad_request("bad webhook: Wrong port number specified in the URL") from None
        if port not in WEBHOOK_PORTS:
            raise bad_request(
                "bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
            )
        max_connections = params.integer("max_connections")
        if max_connections is not None and not 1 <= max_connections <= 100:
            raise bad_request("bad webhook: max_connections must be between 1 and 100")
        secret = params.string("secret_token")
        if secret is not None:
            if len(secret) > 256:
                raise bad_request("secret token is too long")
            if not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in secret):
                raise bad_request("secret token contains unallowed characters")
        webhook = self.ctx.state.webhook
        webhook.url = url
        webhook.max_connections = max_connections
        webhook.ip_address = params.string("ip_address")
        webhook.secret_token = secret
        allowed = self._allowed_updates(params)
        if allowed is not None:
            webhook.allowed_updates = allowed
        updates = self.ctx.updates
        updates.set_allowed_updates(allowed)
        if params.boolean("drop_pending_updates"):
            updates.drop_pending()
        updates.webhook_active = True
        updates.terminate_poll(terminated_by_set_webhook())
        self.delivery.start()
        return True

    async def delete_webhook(self, params: RequestParams) -> bool:
        webhook = self.ctx.state.webhook
        webhook.url = ""
        webhook.last_error_date = None
        webhook.last_error_message = None
        self.ctx.updates.webhook_active = False
        await self.delivery.stop()
        if params.boolean("drop_pending_updates"):
            self.ctx.updates.drop_pending()
        return True

    async def get_webhook_info(self, params: RequestParams) -> dict[str, Any]:
        webhook = self.ctx.state.webhook
        info: dict[str, Any] = {
            "url": webhook.url,
            "has_custom_certificate": False,
            "pending_update_count": self.ctx.updates.pending_count,
        }
        if webhook.url:
            info["max_connections"] = webhook.max_connections or 40
            if webhook.ip_address:
                info["ip_address"] = webhook.ip_address
            if webhook.allowed_updates is not None:
                info["allowed_updates"] = webhook.allowed_updates
            if webhook.last_error_date is not None:
                info["last_error_date"] = webhook.last_error_date
                info["last_error_message"] = webhook.last_error_message
        return info
