"""Running Gut Check as a service or a fleet: the webhook server (serve.py; its intake is
handlers/webhook.py), health and metrics endpoints, start-up with retries, the sending-role
seam and flood logging. serve.py and health.py belong to the composition root."""
