"""``python -m bot.tips check``: the content check."""

from bot.tips.cli import main

raise SystemExit(main())
