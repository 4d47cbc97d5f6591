"""How the report writes its own strings, numbers, money, scores, sizes, sources and line lists as text.

Numbers are written in English style here ("1,234.50"); `text` and the document builder rewrite them
the Brazilian way ("1.234,50") for a Portuguese report.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from advisor.data.formats import FORMAT_LABELS, format_label
from advisor.i18n import number, section, term
from advisor.i18n.messages import localize_numbers, note_text, render

LINES_SHOWN = 20  # line numbers listed before "… and N more"

STRINGS = section("report")


def text(key: str, lang: str, **values: Any) -> str:
    """One of the report's own strings in `lang`, filled with `values`."""
    template = STRINGS[key].get(lang) or STRINGS[key]["en"]
    values = {name: localize_numbers(value, lang) if isinstance(value, str) else value for name, value in values.items()}
    return template.format(**values) if values else template


def _point(item: Mapping[str, Any], lang: str) -> str:
    """A sentence of the recommendation, rendered again in the report's language from its code and arguments."""
    if item.get("code"):
        return render(item["code"], (item.get("args") or {}).items(), lang)
    return str(item.get("text", ""))


def _option_name(option: str, lang: str) -> str:
    from advisor.decide.recommend import OPTION_NAMES

    return OPTION_NAMES.get(option, {}).get(lang) or option


def _not_enough(reason: Mapping[str, Any], lang: str) -> str:
    from advisor.baselines.offline import MESSAGES

    templates = MESSAGES.get(reason.get("code", ""))
    values = {key: value for key, value in reason.items() if key not in ("code", "message")}
    try:
        return (templates.get(lang) or templates["en"]).format(**values) if templates else reason.get("message", "")
    except (KeyError, IndexError, ValueError):
        return str(reason.get("message", ""))


def _count(value: Any) -> int:
    """A count saved as a number or as formatted text ("1,234")."""
    try:
        return int(str(value).replace(",", ""))
    except ValueError:
        return 0


def _pii_kinds(profile: Mapping[str, Any], lang: str) -> str:
    return ", ".join(f"{term('pii', kind, lang)} {count:,}" for kind, count in (profile.get("pii") or {}).items()
                     if count)


def _amount(value: float, lang: str = "en") -> str:
    """Like advisor.pricing.costs.format_money: cents below a million, whole units above, '< 0.01' for crumbs; in
    `lang`'s style (1.234,56 in Portuguese)."""
    if 0 < abs(value) < 0.005:
        return "< " + number(0.01, lang, 2)
    return number(value, lang, 2 if abs(value) < 1e6 else 0)


def _symbol(code: str) -> str:
    from advisor.pricing.catalog import CatalogError, load_catalog

    try:
        return load_catalog().currency(code).symbol
    except (CatalogError, OSError, ValueError):
        return code


def _money_text(money: Mapping[str, Any] | None, currency: Mapping[str, Any], lang: str = "en") -> str:
    """'US$ 12.30 (R$ 65.04)': the central estimate in US$ and in the document's currency."""
    if not money:
        return "—"
    shown = f"US$ {_amount(money['usd'], lang)}"
    key = str(currency.get("code", "USD")).lower()
    if key != "usd" and key in money:
        shown += f" ({_symbol(currency['code'])} {_amount(money[key], lang)})"
    return shown


def _money_range(money: Mapping[str, Any] | None, currency: Mapping[str, Any], lang: str = "en") -> str:
    """The central estimate, then the range the token counts allow when there is one."""
    if not money:
        return "—"
    shown = _money_text(money, currency, lang)
    low, high = _amount(money.get("usd_low", money["usd"]), lang), _amount(money.get("usd_high", money["usd"]), lang)
    return shown if low == high else f"{shown} [US$ {low} – {high}]"


def _source(source: Mapping[str, Any], lang: str) -> str:
    said = note_text(source["source_note"], lang) if source.get("source_note") else source.get("source", "")
    shown = f"{said} ({text('as_of', lang, date=source.get('as_of', '—'))}"
    shown += ")" if source.get("verified", True) else f"{text('unverified', lang)})"
    return shown + (f" — {note_text(source['note'], lang)}" if source.get("note") else "")


def _score(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else number(value, lang, 2)


def _interval(item: Mapping[str, Any], lang: str = "en") -> str:
    if item.get("ci_low") is None or item.get("ci_high") is None:
        return "—"
    return f"[{number(item['ci_low'], lang, 2)}–{number(item['ci_high'], lang, 2)}]"


def _format_name(analysis: Mapping[str, Any], lang: str) -> str:
    """The record format in the reader's language; a format this version does not know keeps its saved name."""
    code = str(analysis.get("detected_format") or "")
    return format_label(code, lang) if code in FORMAT_LABELS else str(analysis.get("format_label") or code or "—")


def _number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _plain(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def _bytes(size: int | None, lang: str = "en") -> str:
    if size is None:
        return "—"
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{number(size / scale, lang, 1)} {unit} ({number(size, lang)} bytes)"
    return f"{number(size, lang)} bytes"


def _line_list(lines: Sequence[int], lang: str, shown: int = LINES_SHOWN) -> str:
    listed = ", ".join(str(line) for line in lines[:shown])
    return listed if len(lines) <= shown else f"{listed} {text('more_rows', lang, count=f'{len(lines) - shown:,}')}"
