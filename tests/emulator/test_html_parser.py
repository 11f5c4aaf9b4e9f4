"""parse_mode=HTML against TDLib's own test table (td/test/message_entities.cpp) plus the
behaviours LIMITS.md §3 describes."""

from __future__ import annotations

import pytest

from sandbox.emulator.entities import TextEntity
from sandbox.emulator.html_parser import parse_html
from sandbox.emulator.markup import EntityParseError

STADIUM = "🏟 🏟"  # 4-byte characters, so byte and UTF-16 offsets differ from code points
ARROW = "➡️ ➡️"
SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
    "surrogate code units"
)

INVALID = [
    ("&#57311;", SURROGATE_ERROR),
    ("&#xDFDF;", SURROGATE_ERROR),
    ("&#xDFDF", SURROGATE_ERROR),
    (f"{STADIUM}&lt;<abacaba", "Unclosed start tag at byte offset 13"),
    (f"{STADIUM}&lt;<abac aba>", 'Unsupported start tag "abac" at byte offset 13'),
    (f"{STADIUM}&lt;<abac>", 'Unsupported start tag "abac" at byte offset 13'),
    (f"{STADIUM}&lt;<i   =aba>", 'Empty attribute name in the tag "i" at byte offset 13'),
    (f"{STADIUM}&lt;<i    aba  =  ", 'Unclosed start tag "i" at byte offset 13'),
    (f"{STADIUM}&lt;<i    aba  =  190azAz-.,", "Unexpected end of name token at byte offset 27"),
    (f'{STADIUM}&lt;<i    aba  =  "&lt;&gt;&quot;>', "Unclosed start tag at byte offset 13"),
    (f"{STADIUM}&lt;<i    aba  =  '&lt;&gt;&quot;>", "Unclosed start tag at byte offset 13"),
    (f"{STADIUM}&lt;</", "Unexpected end tag at byte offset 13"),
    (f"{STADIUM}&lt;<b></b></", "Unexpected end tag at byte offset 20"),
    (f"{STADIUM}&lt;<i>a</i   ", "Unclosed end tag at byte offset 17"),
    (
        f"{STADIUM}&lt;<i>a</em   >",
        'Unmatched end tag at byte offset 17, expected "</i>", found "</em>"',
    ),
    # LIMITS.md §3 examples
    ("<p>hi</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ("x <b", "Unclosed start tag at byte offset 2"),
    ('<a href="x', "Unclosed start tag at byte offset 0"),
    ("<a href", 'Unclosed start tag "a" at byte offset 0'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
    ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<span>s</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("</b>", "Unexpected end tag at byte offset 0"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("<b />", 'Empty attribute name in the tag "b" at byte offset 0'),
    ('<tg-emoji emoji-id="abc">👍</tg-emoji>', "Invalid custom emoji identifier specified"),
    ("Привет <br>", 'Unsupported start tag "br" at byte offset 13'),
]


@pytest.mark.parametrize(("source", "error"), INVALID)
def test_invalid_html_is_rejected_with_tdlib_message(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_html(source)
    assert str(raised.value) == error


def E(kind: str, offset: int, length: int, **extra: object) -> TextEntity:
    return TextEntity(kind, offset, length, **extra)  # type: ignore[arg-type]


VALID = [
    ("", "", []),
    (ARROW, ARROW, []),
    ("&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;", '<>&"&laquo;&raquo;&#12345678;', []),
    (f"{ARROW}<i>{ARROW}</i>", ARROW + ARROW, [E("italic", 5, 5)]),
    (f"{ARROW}<em>{ARROW}</em>", ARROW + ARROW, [E("italic", 5, 5)]),
    (f"{ARROW}<b>{ARROW}</b>", ARROW + ARROW, [E("bold", 5, 5)]),
    (f"{ARROW}<strong>{ARROW}</strong>", ARROW + ARROW, [E("bold", 5, 5)]),
    (f"{ARROW}<u>{ARROW}</u>", ARROW + ARROW, [E("underline", 5, 5)]),
    (f"{ARROW}<ins>{ARROW}</ins>", ARROW + ARROW, [E("underline", 5, 5)]),
    (f"{ARROW}<s>{ARROW}</s>", ARROW + ARROW, [E("strikethrough", 5, 5)]),
    (f"{ARROW}<strike>{ARROW}</strike>", ARROW + ARROW, [E("strikethrough", 5, 5)]),
    (f"{ARROW}<del>{ARROW}</del>", ARROW + ARROW, [E("strikethrough", 5, 5)]),
    (
        f"{ARROW}<i>{ARROW}</i><b>{ARROW}</b>",
        ARROW * 3,
        [E("italic", 5, 5), E("bold", 10, 5)],
    ),
    (f"{STADIUM}<i>🏟 &lt🏟</i>", "🏟 🏟🏟 <🏟", [E("italic", 5, 6)]),
    (
        f"{STADIUM}<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>",
        "🏟 🏟🏟 ><🏟",
        [E("italic", 5, 7), E("bold", 9, 3)],
    ),
    (f"{STADIUM}&lt;<i    aba  =  190azAz-.   >a</i>", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<i    aba  =  190azAz-.>a</i>", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f'{STADIUM}&lt;<i    aba  =  "&lt;&gt;&quot;">a</i>', "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<i    aba  =  '&lt;&gt;&quot;'>a</i>", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<i    aba  =  '&lt;&gt;&quot;'>a</>", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<i>🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", [E("italic", 6, 6)]),
    (f"{STADIUM}&lt;<i>a</    >", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<i>a</i   >", "🏟 🏟<a", [E("italic", 6, 1)]),
    (f"{STADIUM}&lt;<b></b>", "🏟 🏟<", []),
    ("<i>\t</i>", "\t", [E("italic", 0, 1)]),
    ("<a href=telegram.org>\t</a>", "\t", [E("text_link", 0, 1, url="http://telegram.org/")]),
    (
        "<code><i><b> </b></i></code><i><b><code> </code></b></i>",
        "  ",
        [
            E("code", 0, 1),
            E("bold", 0, 1),
            E("italic", 0, 1),
            E("code", 1, 1),
            E("bold", 1, 1),
            E("italic", 1, 1),
        ],
    ),
    (
        "<i><b> </b> <code> </code></i>",
        "   ",
        [E("italic", 0, 3), E("bold", 0, 1), E("code", 2, 1)],
    ),
    ('<a href  ="telegram.org"   > </a>', " ", [E("text_link", 0, 1, url="http://telegram.org/")]),
    (
        "<a   href=  'telegram.org'   > </a>",
        " ",
        [E("text_link", 0, 1, url="http://telegram.org/")],
    ),
    (
        "<a   href=  'telegram.org?&lt;'   > </a>",
        " ",
        [E("text_link", 0, 1, url="http://telegram.org/?<")],
    ),
    ("<a> </a>", " ", []),
    ("<a>telegram.org </a>", "telegram.org ", []),
    ("<a>telegram.org</a>", "telegram.org", [E("text_link", 0, 12, url="http://telegram.org/")]),
    (
        "<a>https://telegram.org/asdsa?asdasdwe#12e3we</a>",
        "https://telegram.org/asdsa?asdasdwe#12e3we",
        [E("text_link", 0, 42, url="https://telegram.org/asdsa?asdasdwe#12e3we")],
    ),
    (f"{STADIUM}&lt;<pre  >🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", [E("pre", 6, 6)]),
    (f"{STADIUM}&lt;<code >🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", [E("code", 6, 6)]),
    (
        f"{STADIUM}&lt;<pre><code>🏟 🏟&lt;</code></>",
        "🏟 🏟<🏟 🏟<",
        [E("pre", 6, 6), E("code", 6, 6)],
    ),
    (
        f'{STADIUM}&lt;<pre><code class="language-fift">🏟 🏟&lt;</></>',
        "🏟 🏟<🏟 🏟<",
        [E("pre", 6, 6, language="fift")],
    ),
    (
        f'{STADIUM}&lt;<code class="language-fift"><pre>🏟 🏟&lt;</></>',
        "🏟 🏟<🏟 🏟<",
        [E("pre", 6, 6, language="fift")],
    ),
    (
        f'{STADIUM}&lt;<pre><code class="language-fift">🏟 🏟&lt;</> </>',
        "🏟 🏟<🏟 🏟< ",
        [E("pre", 6, 7), E("code", 6, 6)],
    ),
    # LIMITS.md §3: only '<' is an error; bare '>' and unknown '&' stay literal.
    ("a > b & c &nbsp; &#65;", "a > b & c &nbsp; A", []),
    ("<B>x</B>", "x", [E("bold", 0, 1)]),
    ('<b class="x" data-y=1>x</b>', "x", [E("bold", 0, 1)]),
    ('<span class="tg-spoiler">s</span>', "s", [E("spoiler", 0, 1)]),
    ("<tg-spoiler>s</tg-spoiler>", "s", [E("spoiler", 0, 1)]),
    ("<blockquote>q</blockquote>", "q", [E("blockquote", 0, 1)]),
    ("<blockquote expandable>q</blockquote>", "q", [E("expandable_blockquote", 0, 1)]),
    (
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        "👍",
        [E("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")],
    ),
    ('<a href="tg://user?id=42">Ada</a>', "Ada", [E("text_mention", 0, 3, user_id=42)]),
    ('<a href="javascript:alert(1)">x</a>', "x", []),
    (
        '<tg-time unix="1700000000" format="wDT">Nov 14</tg-time>',
        "Nov 14",
        [E("date_time", 0, 6, unix_time=1700000000, date_time_format="wDT")],
    ),
    ("😀<b>x</b>", "😀x", [E("bold", 2, 1)]),  # offsets are UTF-16 code units
]


@pytest.mark.parametrize(("source", "text", "entities"), VALID)
def test_valid_html_gives_tdlib_text_and_entities(
    source: str, text: str, entities: list[TextEntity]
) -> None:
    parsed = parse_html(source)
    assert parsed.text == text
    assert parsed.entities == entities
