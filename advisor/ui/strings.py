"""The app's strings: the [app] section of the translation catalog (advisor/i18n/app.toml), as Markdown."""

from __future__ import annotations

from advisor.i18n import fill, section
from advisor.render.escaping import escape_md

STRINGS = section("app")


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`, Markdown as the app shows it; the values filled in are data (a file name, an
    endpoint, a count) and are escaped, so they show as written and never as formatting. A plural entry takes its
    form from `count` (a number, not escaped)."""
    escaped = {name: value if name == "count" else escape_md(value) for name, value in values.items()}
    return fill(STRINGS[key], lang, **escaped)
