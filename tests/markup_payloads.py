"""Text that a Markdown, Streamlit or HTML reader would turn into formatting if it reached them unescaped.

Each payload is written so that finding it verbatim in Markdown sent to a reader means it was not escaped
(the escaping puts a backslash or an entity inside every one of them)."""

from __future__ import annotations

LINK = "[x](https://evil.example)"
BOLD = "**B**"
COLOUR = ":red[R]"
DISPLAY_MATH = "$$L$$"
INLINE_MATH = "$M$"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
AUTOLINK = "https://evil.example/auto"
WWW = "www.evil.example"
EMOJI = ":material/home:"
TABLE = "| a | b |"
STRIKE = "~~S~~"
CODE = "`C`"

PAYLOADS = (LINK, BOLD, COLOUR, DISPLAY_MATH, INLINE_MATH, SCRIPT, IMG, AUTOLINK, WWW, EMOJI, TABLE, STRIKE, CODE)
ALL = " ".join(PAYLOADS)


def unescaped(markdown: str) -> list[str]:
    """The payloads that appear verbatim in `markdown`, i.e. that a reader would render as formatting."""
    return [payload for payload in PAYLOADS if payload in markdown]
