"""Which language the examples are written in (Portuguese, English, other), offline and fast.

System prompts are left out (one shared prompt would decide every example). Counts hits of short function words that are frequent in one language and rare in the other; an
example is "unknown" when it has too few hits to tell (short labels, code, numbers).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from advisor.data.model import Example
from advisor.profiling.checks.base import Finding, ProfileData

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
MAX_EXAMINED = 5_000
SAMPLE_CHARS = 400  # function words are dense: the opening of an example decides, at a fraction of the cost
_PUNCTUATION = ".,;:!?¿¡\"'()[]{}«»“”‘’…-"
MARGIN = 1.5  # one language must have this many times the other's hits


@dataclass(frozen=True, slots=True)
class Languages:
    counts: tuple[tuple[str, int], ...]  # pt / en / other / unknown → examples looked at
    examined: int  # all examples, or an even sample of MAX_EXAMINED on big files

    def summary(self) -> dict:
        return {"languages": dict(self.counts), "languages_examined": self.examined}

    def findings(self) -> tuple[Finding, ...]:
        known = {language: count for language, count in self.counts if language in ("pt", "en")}
        total = sum(count for _, count in self.counts)
        if len(known) == 2 and min(known.values()) >= max(2, 0.1 * total):
            # (language, examples) pairs, written out in the reader's language by advisor.i18n.messages
            return (Finding("low", "mixed_languages", (("languages", tuple(self.counts)),)),)
        return ()


def detect_language(text: str) -> str:
    words = [word.strip(_PUNCTUATION) for word in text.lower().split()]  # split: far faster than a regex
    portuguese = sum(word in PORTUGUESE for word in words)
    english = sum(word in ENGLISH for word in words)
    if max(portuguese, english) < MIN_HITS:
        return "unknown"
    if portuguese >= MARGIN * english:
        return "pt"
    if english >= MARGIN * portuguese:
        return "en"
    return "other"


def _opening(example: Example) -> str:
    """The first SAMPLE_CHARS characters of the example's own texts (system prompts left out)."""
    parts, length = [], 0
    for message in example.messages + example.preferred:
        if message.role in ("system", "developer") or not message.content:
            continue
        parts.append(message.content[: SAMPLE_CHARS - length])
        length += len(parts[-1])
        if length >= SAMPLE_CHARS:
            break
    return "\n".join(parts)


def detect_languages(data: ProfileData) -> Languages:
    examples = data.dataset.examples
    step = max(1, -(-len(examples) // MAX_EXAMINED))  # an even sample keeps big files fast
    counts = Counter(detect_language(_opening(example)) for example in examples[::step])
    return Languages(tuple(counts.most_common()), sum(counts.values()))
