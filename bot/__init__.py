"""Gut Check: morning and evening check-ins for the immune-supporting habits of the article
"The Gut Microbiome Series: The Immune System"."""

import os

# Opt in to PTB's future behaviour (durations as timedelta) so RetryAfter does not warn.
os.environ.setdefault("PTB_TIMEDELTA", "1")
