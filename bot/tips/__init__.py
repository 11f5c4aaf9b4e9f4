"""Article-grounded tips: content packs, the content check, tip selection and rendering.

Public API::

    library = load_packs()                      # cached; raises ContentError on bad content
    chosen = choose_tip(TipRequest(...), library)
    html = render_tip_html(chosen, library)     # Telegram HTML, escaped, within limits
    problems = check_packs(root)                # [] when the content is sound
    library.topics(); library.find_topic("vit c"); library.about_summary()

See ``README.md`` in this folder for the file formats, the condition and placeholder
vocabulary and the selection rule.
"""

from bot.tips.cli import content_check, main
from bot.tips.content import (
    SLOTS,
    TOPICS,
    AboutPoint,
    AboutSummary,
    ChosenTip,
    ContentError,
    ContentLibrary,
    ContentProblem,
    Pack,
    Tip,
    TopicInfo,
)
from bot.tips.loader import PACKS_ROOT, check_packs, clear_cache, load_packs
from bot.tips.selection import TipRequest, choose_tip, rank_tips
from bot.tips.tip_html import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    html_problems,
    render_about_html,
    render_tip_html,
    visible_length,
)
from bot.tips.vocabulary import CONDITIONS, PLACEHOLDERS

__all__ = [
    "CAPTION_LIMIT",
    "CONDITIONS",
    "MESSAGE_LIMIT",
    "PACKS_ROOT",
    "PLACEHOLDERS",
    "SLOTS",
    "TOPICS",
    "AboutPoint",
    "AboutSummary",
    "ChosenTip",
    "ContentError",
    "ContentLibrary",
    "ContentProblem",
    "Pack",
    "Tip",
    "TipRequest",
    "TopicInfo",
    "about_summary",
    "check_packs",
    "choose_tip",
    "clear_cache",
    "content_check",
    "html_problems",
    "load_packs",
    "main",
    "rank_tips",
    "render_about_html",
    "render_tip_html",
    "topics",
    "visible_length",
]


def topics(library: ContentLibrary | None = None) -> tuple[TopicInfo, ...]:
    """User-facing topics (key, name, description), from the packs."""
    return (library or load_packs()).topics()


def about_summary(library: ContentLibrary | None = None) -> tuple[AboutSummary, ...]:
    """Each article's key points for ``/about``, every point backed by a quote."""
    return (library or load_packs()).about_summary()
