"""Text from users and data made inert in Markdown: the one helper for the app and the Markdown report.

Streamlit reads Markdown with GitHub's extensions and its own: `$…$` and `$$…$$` as KaTeX, `:red[…]` colour
and `:material/…:` directives, `:smile:` emoji codes, bare `https://…`, `www.…` and e-mail addresses as
links. CommonMark shows any backslash-escaped ASCII punctuation as written, so each character that can open
one of those is escaped; `&`, `<` and `>` become entities, so a tag or an entity in the data shows as typed;
line breaks become spaces, so no text can start a heading, a list, a quote, a table row or a code block
in the middle of a sentence, and a list marker at the start is escaped too.

Bare links are found in the text after escapes are read (remark-gfm, which Streamlit uses), so no escape
stops them: an invisible WORD JOINER (U+2060) goes after `://`'s colon, after `www` and after `@`, which
no link pattern accepts there.
"""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:@])")
_BARE_LINK = re.compile(r"(?i)(?<=\w\\:)(?=//)|(?<=\bwww)(?=\\?\.)|(?<=\\@)")
_LEADING_MARKER = re.compile(r"^(-|\d{1,9}(?=[.)]))")
WORD_JOINER = "\u2060"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape_md(value: Any) -> str:
    """`value` as text that any Markdown reader (Streamlit's included) shows exactly as written, on one line."""
    flat = " ".join(str(value).split())
    flat = "".join(_ENTITIES.get(char, char) for char in flat)
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _BARE_LINK.sub(WORD_JOINER, flat)
    return _LEADING_MARKER.sub(lambda match: "\\" + match.group(1) if match.group(1) == "-" else match.group(1) + "\\",
                               flat, count=1)
