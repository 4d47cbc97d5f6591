"""Which language the examples are written in (Portuguese, English, other), offline and fast.

System prompts are left out (one shared prompt would decide every example). Counts hits of short function words that are frequent in one language and rare in the other; an
example is "unknown" when it has too few hits to tell (short labels, code, numbers).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from advisor.checks.base import Finding, ProfileData, example_texts

PORTUGUESE = frozenset(
    "de que não uma um para com os das dos da do na no nas nos pelo pela mais mas como você é são foi "
    "está estão isso este esta essa esse ele ela eles elas seu sua também já muito quando onde porque "
    "ao às sem sobre até então ou obrigado olá bom dia por favor meu minha nosso nossa".split()
)
ENGLISH = frozenset(
    "the and is are was were to of in that it you for with on this be have has not at by from they "
    "we or an will would can could there their what which your my our please thank thanks hello".split()
)
MIN_HITS = 2
SAMPLE_CHARS = 600  # function words are dense: the opening of an example decides, at a fraction of the cost
MARGIN = 1.5  # one language must have this many times the other's hits
_WORDS = re.compile(r"[a-zà-ÿ]+")

MESSAGES = {
    "mixed_languages": {
        "en": "The examples mix languages ({languages}). If the model must answer in one language, make the "
        "examples match; otherwise make sure each language has enough examples.",
        "pt": "Os exemplos misturam idiomas ({languages}). Se o modelo deve responder em um só idioma, alinhe "
        "os exemplos; se não, garanta exemplos suficientes para cada idioma.",
    },
}


@dataclass(frozen=True, slots=True)
class Languages:
    counts: tuple[tuple[str, int], ...]  # pt / en / other-or-unknown → examples

    def summary(self) -> dict:
        return {"languages": dict(self.counts)}

    def findings(self) -> tuple[Finding, ...]:
        known = {language: count for language, count in self.counts if language in ("pt", "en")}
        total = sum(count for _, count in self.counts)
        if len(known) == 2 and min(known.values()) >= max(2, 0.1 * total):
            listed = ", ".join(f"{language} {count}" for language, count in self.counts)
            return (Finding("low", "mixed_languages", (("languages", listed),)),)
        return ()


def detect_language(text: str) -> str:
    words = _WORDS.findall(text[:SAMPLE_CHARS].lower())
    portuguese = sum(word in PORTUGUESE for word in words)
    english = sum(word in ENGLISH for word in words)
    if max(portuguese, english) < MIN_HITS:
        return "unknown"
    if portuguese >= MARGIN * english:
        return "pt"
    if english >= MARGIN * portuguese:
        return "en"
    return "other"


def detect_languages(data: ProfileData) -> Languages:
    counts = Counter(detect_language(example_texts(example, system=False)) for example in data.dataset.examples)
    return Languages(tuple(counts.most_common()))
