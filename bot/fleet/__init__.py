"""Running Gut Check as a service or a fleet: webhook intake, health and metrics endpoints,
start-up with retries, the sending-role seam and flood logging."""
