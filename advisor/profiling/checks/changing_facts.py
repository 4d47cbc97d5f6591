"""Answers made of per-item facts — prices, dates, stock counts, codes — that the model would have to know.

Fine-tuning is a poor way to put new or changing facts into a model: retrieval into the prompt beats it
(Ovadia et al., 2023, "Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs"), and training on
facts the model did not know makes it hallucinate more (Gekhman et al., 2024, "Does Fine-Tuning LLMs on New
Knowledge Encourage Hallucinations?"). This check finds data whose answers are such facts.

The rule (this project's judgement, stated so it can be argued with):
- a *fact* is a money amount (R$, US$, $, €, £ or a currency word), a date, a quantity with its unit or
  "in stock", a product code (SKU: capitals then digits) or a number with two decimals; one precompiled
  regex pass per answer that may hold one (`facts_in`);
- a fact counts only when the input does not hold the same digits: a value copied from the input
  (extraction) is read, not known;
- an answer is *dominated* by facts when they make at least DOMINATED (15 %) of its characters: a date in a
  long summary does not make the summary a fact;
- the detector fires when at least FACT_SHARE (50 %) of at least MIN_ANSWERS answers are dominated by facts
  AND those answers' fact values are mostly distinct (DISTINCT, 50 %: one value per item, not one shared
  constant such as a fixed fee).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from advisor.profiling.checks.base import Finding, ProfileData

DOMINATED = 0.15
FACT_SHARE = 0.5
DISTINCT = 0.5
MIN_ANSWERS = 20  # fewer answers are too few to call a pattern

_NUMBER = r"\d[\d.,]*\d|\d"
FACTS = re.compile(
    r"(?:R\$|US\$|\$|€|£)\s?(?:" + _NUMBER + r")"  # money with a symbol
    r"|(?:" + _NUMBER + r")\s?(?:reais|real|d[oó]lares|dollars?|euros?|USD|BRL|EUR)\b"  # money with a word
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"  # dates
    r"|\b\d+\s?(?:unidades?|units?|itens|items?|pe[cç]as|pcs|caixas?|boxes|em estoque|in stock|dispon[ií]veis"
    r"|available)\b"  # quantities
    r"|(?-i:\b[A-Z]{2,5}-?\d{3,}\b)"  # SKUs and product codes
    r"|\b\d+[.,]\d{2}\b",  # numbers with two decimals
    re.IGNORECASE,
)
# Every FACTS match holds a run of digits that starts right after a money symbol (and a space) or a capital
# (and a hyphen), or that ends before a date separator, two decimals or a currency or unit word. This
# pattern looks only at where each run of digits starts and ends, so an answer whose digits are order
# numbers or counts skips FACTS, which tries its seven branches at every character: 5.8 s of the 100k
# benchmark file's 17.6 s analysis, 0.5 s with this (benchmarks/bench_changing_facts.py).
MAYBE_FACT = re.compile(
    r"\d(?<!\d\d)"  # the first digit of a run
    r"(?:(?<=[$€£]\d)|(?<=[$€£]\s\d)|(?<=[A-Z]\d)|(?<=[A-Z]-\d)"
    r"|\d*+(?:[/-]|[.,]\d\d|\s?(?i:reais|real|d[oó]lares|dollars?|euros?|USD|BRL|EUR"
    r"|unidades?|units?|itens|items?|pe[cç]as|pcs|caixas?|boxes|em estoque|in stock|dispon[ií]veis|available)))"
)
_INPUT_NUMBERS = re.compile(r"\d[\d.,/:-]*\d|\d")
_NOT_DIGIT = re.compile(r"\D")


@dataclass(frozen=True, slots=True)
class ChangingFacts:
    answers: int
    fact_answers: int  # answers dominated by facts the input does not hold
    distinct_values: int  # distinct fact values among those answers
    lines: tuple[int, ...]  # the lines of those answers

    @property
    def share(self) -> float:
        return self.fact_answers / self.answers if self.answers else 0.0

    @property
    def distinct_share(self) -> float:
        return self.distinct_values / self.fact_answers if self.fact_answers else 0.0

    @property
    def detected(self) -> bool:
        return self.answers >= MIN_ANSWERS and self.share >= FACT_SHARE and self.distinct_share >= DISTINCT

    def summary(self) -> dict:
        return {"changing_facts": {"answers": self.answers, "fact_answers": self.fact_answers,
                                   "share": round(self.share, 4), "distinct_share": round(self.distinct_share, 4),
                                   "detected": self.detected}}

    def findings(self) -> tuple[Finding, ...]:
        if not self.detected:
            return ()
        args = (("count", f"{self.fact_answers:,}"), ("total", f"{self.answers:,}"), ("share", f"{self.share:.0%}"))
        return (Finding("medium", "changing_facts", args, self.lines),)


def facts_in(answer: str) -> list[str]:
    """`FACTS.findall(answer)`, without running FACTS on an answer that cannot hold a fact."""
    return FACTS.findall(answer) if MAYBE_FACT.search(answer) else []


def find_changing_facts(data: ProfileData, facts_of: Callable[[str], list[str]] = facts_in) -> ChangingFacts:
    """`facts_of`: `facts_in`, or the same answers worked out elsewhere (advisor/data/token_worker.py)."""
    values: set[tuple[str, ...]] = set()
    lines = []
    for example, line, answer in zip(data.dataset.examples, data.lines, data.outputs):
        found = facts_of(answer)
        if not found:
            continue
        given = {_NOT_DIGIT.sub("", number) for message in example.input_messages()
                 for number in _INPUT_NUMBERS.findall(message.content or "")}
        known = [fact for fact in found if _NOT_DIGIT.sub("", fact) not in given]
        if known and sum(len(fact) for fact in known) >= DOMINATED * len(answer.strip()):
            lines.append(line)
            values.add(tuple(" ".join(fact.split()).casefold() for fact in known))
    return ChangingFacts(answers=data.size, fact_answers=len(lines), distinct_values=len(values), lines=tuple(lines))
