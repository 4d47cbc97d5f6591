"""Turn issue codes into sentences in Portuguese (pt-BR) or English.

Each module that produces issues declares its own templates beside its code (`MESSAGES`); this
module only gathers them, so a finding can be rendered in either language at any time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from advisor import data_fit, export, formats, label_descriptions, leakage, loader, recommend, validate
from advisor.checks import duplicates, language, lookalike_labels, near, output_format, personal_data, task, tool_calls
from advisor.checks import agreement, changing_facts, preference_pairs
from advisor.checks.base import Finding
from advisor.model import Issue

LANGUAGES = ("en", "pt")
_SOURCES = (formats, loader, validate, duplicates, language, near, output_format, personal_data, task, leakage,
            recommend, export, lookalike_labels, tool_calls, preference_pairs, changing_facts, data_fit, agreement,
            label_descriptions)
CATALOG: dict[str, dict[str, str]] = {code: text for module in _SOURCES for code, text in module.MESSAGES.items()}

# Words that formats.py puts into arguments ("expected a list, found a number"), in Portuguese.
_PORTUGUESE_WORDS = {
    "a list": "uma lista",
    "an object": "um objeto",
    "text": "texto",
    "a string": "uma string",
    "null": "nulo (null)",
    "a boolean": "um booleano",
    "0 or 1": "0 ou 1",
    "true or false": "true ou false",
    "a text or image part": "uma parte de texto ou imagem",
    # advisor/recommend.py: option, strategy and learner names
    "Prompting (zero-shot)": "Prompt (zero-shot)",
    "In-context learning": "Aprendizado em contexto",
    "Full fine-tuning": "Ajuste fino completo",
    "random": "aleatório",
    "retrieved": "recuperado",
    "logistic regression": "regressão logística",
    "nearest neighbour": "vizinho mais próximo",
    "classification": "classificação",
    "extraction": "extração",
    "generation": "geração",
    "accuracy": "acurácia",
    # advisor/data_fit.py: kinds of training data
    "supervised examples": "exemplos supervisionados",
    "tool-call data": "dados de chamadas de ferramentas",
    "preference pairs (DPO)": "pares de preferência (DPO)",
    "a plain-text corpus": "um corpus de texto puro",
    "self-hosted training (TRL)": "o treino em GPU própria (TRL)",
    # advisor/checks/lookalike_labels.py: scripts of look-alike letters
    "Cyrillic": "cirílico",
    "Greek": "grego",
    "Latin": "latino",
    # advisor/checks/agreement.py: Landis & Koch's (1977) bands of kappa
    **{band: names["pt"] for band, names in agreement.BAND_NAMES.items()},
}


_ELEMENT = {"en": "Element", "pt": "Elemento"}


def render(code: str, args: Iterable[tuple[str, Any]], lang: str = "en") -> str:
    templates = CATALOG.get(code)
    values = {key: _translate(value, lang) for key, value in args}
    if templates is None:
        details = ", ".join(f"{key}={value}" for key, value in values.items())
        return f"{code}: {details}" if details else code
    template = templates.get(lang) or templates["en"]
    try:
        text = template.format(**values)
        if "element" in values and "{element" not in template:  # a record of a JSON array, by its index
            text = f"{_ELEMENT[lang if lang in _ELEMENT else 'en']} {values['element']}: {text}"
        return text
    except (KeyError, IndexError, ValueError):  # a template/argument mismatch must not hide the finding
        return templates["en"] if lang == "en" else f"{template} ({values})"


_METHODS_PT = {"LoRA": "LoRA", "full fine-tuning": "ajuste completo", "QLoRA 4-bit": "QLoRA 4 bits",
               "QLoRA 8-bit": "QLoRA 8 bits"}
_LABEL_PATTERNS_PT = (
    (re.compile(r"^(?P<model>.+) \((?P<provider>\w+) API\), (?P<what>.+)$"), "{model} (API da {provider}), {what}"),
    (re.compile(r"^OpenAI fine-tuning of (?P<model>.+) \(method not disclosed\)$"),
     "ajuste fino de {model} na OpenAI (método não divulgado)"),
    (re.compile(r"^Together (?P<method>LoRA|full fine-tuning) of (?P<model>.+) \(dedicated endpoint\)$"),
     "{method} de {model} na Together (endpoint dedicado)"),
    (re.compile(r"^(?P<platform>Together|Fireworks) (?P<method>LoRA|full fine-tuning) of (?P<model>.+)$"),
     "{method} de {model} na {platform}"),
    (re.compile(r"^self-hosted (?P<method>LoRA|QLoRA \d-bit|full fine-tuning) of (?P<model>.+)$"),
     "{method} de {model} em GPU própria"),
    (re.compile(r"^self-hosted (?P<model>.+), (?P<what>.+)$"), "{model} em GPU própria, {what}"),
)


def route_label(label: str, lang: str) -> str:
    """A cost route's label (advisor/comparison.py builds them in English) in `lang`; other text comes back as is."""
    if lang != "pt":
        return label
    for pattern, template in _LABEL_PATTERNS_PT:
        found = pattern.match(label)
        if found:
            parts = found.groupdict()
            if "method" in parts:
                parts["method"] = _METHODS_PT.get(parts["method"], parts["method"])
            if "what" in parts:
                parts["what"] = re.sub(r"^(\d+) examples in the prompt$", r"\1 exemplos no prompt", parts["what"])
            return template.format(**parts)
    return label


_NUMBER = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+\.\d+|\d+"
_NUMBERS_ONLY = re.compile(rf"(?:[<≈~]\s*)?(?:{_NUMBER})(?:\s*[–-]\s*(?:{_NUMBER}))?%?")
_MONEY = re.compile(rf"US\$ (?:< )?(?:{_NUMBER})(?: – (?:{_NUMBER}))?(?: \(\w*\$ (?:< )?(?:{_NUMBER})(?: – (?:{_NUMBER}))?\))?")
_SEPARATORS_PT = str.maketrans({",": ".", ".": ","})
_SCALE = re.compile(r"(\d+(?:\.\d+)?) (billion|million)")
_SCALE_PT = {"billion": ("bilhão", "bilhões"), "million": ("milhão", "milhões")}


def number(value: float, lang: str = "en", digits: int = 0) -> str:
    """`value` with thousands separators and `digits` decimals: 1,234.5 in English, 1.234,5 in Portuguese."""
    return localize_numbers(f"{value:,.{digits}f}", lang)


def localize_numbers(text: str, lang: str) -> str:
    """A number or an amount of money written the English way ("1,234.50", "US$ 12.30 (R$ 65.04)") in `lang`'s
    way; any other text (a model name such as gpt-4.1, a sentence) comes back as is."""
    if lang != "pt" or not (_NUMBERS_ONLY.fullmatch(text) or _MONEY.fullmatch(text)):
        return text
    return re.sub(_NUMBER, lambda found: found.group().translate(_SEPARATORS_PT), text)


def describe(item: Issue | Finding, lang: str = "en") -> str:
    return render(item.code, item.args, lang)


def _translate(value: Any, lang: str) -> Any:
    if hasattr(value, "text") and callable(value.text):  # a sentence of its own (a DataFit), in the same language
        return value.text(lang)
    if lang != "pt" or not isinstance(value, str):
        return value
    if value.startswith("a number"):
        return "um número" + value.removeprefix("a number")
    scale = _SCALE.fullmatch(value)
    if scale:  # "1.5 billion" tokens
        amount, word = float(scale.group(1)), _SCALE_PT[scale.group(2)]
        return f"{localize_numbers(scale.group(1), lang)} {word[0] if amount < 2 else word[1]}"
    return _PORTUGUESE_WORDS.get(value) or localize_numbers(route_label(value, lang), lang)
