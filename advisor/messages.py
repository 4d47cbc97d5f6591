"""Turn issue codes into sentences in Portuguese (pt-BR) or English.

Each module that produces issues declares its own templates beside its code (`MESSAGES`); this
module only gathers them, so a finding can be rendered in either language at any time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from advisor import export, formats, leakage, loader, recommend, validate
from advisor.checks import duplicates, language, near, output_format, personal_data, task
from advisor.checks.base import Finding
from advisor.model import Issue

LANGUAGES = ("en", "pt")
_SOURCES = (formats, loader, validate, duplicates, language, near, output_format, personal_data, task, leakage, recommend, export)
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
}


def render(code: str, args: Iterable[tuple[str, Any]], lang: str = "en") -> str:
    templates = CATALOG.get(code)
    values = {key: _translate(value, lang) for key, value in args}
    if templates is None:
        details = ", ".join(f"{key}={value}" for key, value in values.items())
        return f"{code}: {details}" if details else code
    template = templates.get(lang) or templates["en"]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):  # a template/argument mismatch must not hide the finding
        return templates["en"] if lang == "en" else f"{template} ({values})"


def describe(item: Issue | Finding, lang: str = "en") -> str:
    return render(item.code, item.args, lang)


def _translate(value: Any, lang: str) -> Any:
    if lang != "pt" or not isinstance(value, str):
        return value
    if value.startswith("a number"):
        return "um número" + value.removeprefix("a number")
    return _PORTUGUESE_WORDS.get(value, value)
