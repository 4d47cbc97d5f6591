"""How fast can a dataset be tokenized, and what does `count_tokens` add on top?

Run: .venv/bin/python benchmarks/bench_tokenize.py [--texts 90000] [--repeat 3]

Generates ~90,000 short texts shaped like a chat fine-tuning set (one system prompt repeated in
every example, Portuguese and English user questions, free-text answers and a few repeated labels)
and times, with o200k_base:
  1. a plain `encode_ordinary` loop over every text (the reference),
  2. `encode_ordinary_batch` (tiktoken's thread pool),
  3. a loop that remembers string → count (what advisor.data.tokens.TokenCounter does),
  4. `count_tokens` on a Dataset built from the same texts, against the plain loop.
Each figure is the best of --repeat runs (one run for the batch variants). The target for the whole
analysis is ≤ 1.5× plain.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.data.model import Dataset, Example, Message  # noqa: E402
from advisor.data.tokens import count_tokens, get_encoding  # noqa: E402

SYSTEM_PROMPT = (
    "Você é um assistente de atendimento da loja. Responda em português, com educação, em no "
    "máximo três frases, e classifique a intenção do cliente quando for pedido."
)
PT_WORDS = (
    "pedido entrega atrasou produto troca devolução cartão boleto pix frete prazo loja cliente "
    "não recebi ainda quero saber quando chega meu código rastreio está errado cobrança duplicada "
    "você pode ajudar obrigado ação informação endereço número nota fiscal garantia defeito tamanho"
).split()
EN_WORDS = (
    "order delivery late product exchange refund card invoice shipping deadline store customer "
    "did not receive yet want to know when arrives my tracking code is wrong double charge you can "
    "help thanks information address number warranty broken size colour account password reset"
).split()
LABELS = ("entrega", "troca", "pagamento", "outro", "elogio", "cancelamento")


def sentence(rng: random.Random, words: tuple[str, ...] | list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[:1].upper() + text[1:] + rng.choice((".", "?", "!", "."))


def make_conversations(n_texts: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(system, user, assistant) triples; a quarter of the answers are bare labels."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n_texts // 3):
        words = PT_WORDS if rng.random() < 0.6 else EN_WORDS
        user = " ".join(sentence(rng, words, 4, 18) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.25:
            answer = rng.choice(LABELS)
        else:
            answer = " ".join(sentence(rng, words, 6, 20) for _ in range(rng.randint(1, 3)))
        rows.append((SYSTEM_PROMPT, user, answer))
    return rows


def make_dataset(rows: list[tuple[str, str, str]]) -> Dataset:
    examples = tuple(
        Example(
            line=index + 1,
            format="openai_chat",
            messages=(
                Message("system", system),
                Message("user", user),
                Message("assistant", answer),
            ),
        )
        for index, (system, user, answer) in enumerate(rows)
    )
    return Dataset(
        source="synthetic",
        detected_format="openai_chat",
        format_counts=(("openai_chat", len(examples)),),
        examples=examples,
        issues=(),
        lines_read=len(examples),
        lines_rejected=0,
        blank_lines=0,
        encoding="utf-8",
        size_bytes=0,
    )


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=90_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    encoding = get_encoding("o200k_base")
    print(f"build o200k_base from local files: {time.perf_counter() - start:.2f} s")

    rows = make_conversations(args.texts)
    texts = [text for row in rows for text in row]
    dataset = make_dataset(rows)
    distinct = len(set(texts))
    print(f"{len(texts):,} texts, {distinct:,} distinct, {sum(map(len, texts)) / len(texts):.0f} chars on average")

    encode = encoding.encode_ordinary

    def plain() -> int:
        return sum(len(encode(text)) for text in texts)

    def batch() -> int:
        return sum(map(len, encoding.encode_ordinary_batch(texts)))

    def memoised() -> int:
        memo: dict[str, int] = {}
        total = 0
        for text in texts:
            count = memo.get(text)
            if count is None:
                count = memo[text] = len(encode(text))
            total += count
        return total

    def distinct_batch() -> int:
        unique = list(dict.fromkeys(texts))
        counts = dict(zip(unique, map(len, encoding.encode_ordinary_batch(unique))))
        return sum(counts[text] for text in texts)

    def full() -> int:
        return count_tokens(dataset, "gpt-4.1-mini").total

    t_plain, tokens = best_of(args.repeat, plain)
    results = [
        ("encode_ordinary loop (reference)", t_plain, tokens),
        # The batch variants are several times slower here; one run each keeps this under a minute.
        ("encode_ordinary_batch", *best_of(1, batch)),
        ("memoised loop", *best_of(args.repeat, memoised)),
        ("distinct strings, batch", *best_of(1, distinct_batch)),
    ]
    for label, seconds, total in results:
        assert total == tokens, (label, total, tokens)
        print(f"{label:34s} {seconds * 1000:8.1f} ms  {seconds / t_plain:5.2f}× plain")

    t_full, summary_total = best_of(args.repeat, full)
    wrapper = 3 * 3 * len(rows) + 3 * len(rows) + sum(
        len(encode(role)) for role in ("system", "user", "assistant")
    ) * len(rows)
    assert summary_total == tokens + wrapper, (summary_total, tokens, wrapper)
    ratio = t_full / t_plain
    print(
        f"{'count_tokens (whole dataset)':34s} {t_full * 1000:8.1f} ms  {ratio:5.2f}× plain "
        f"(target ≤ 1.50×: {'met' if ratio <= 1.5 else 'NOT met'})"
    )
    print(f"tokens: {tokens:,} in content, {summary_total:,} with chat wrapper")


if __name__ == "__main__":
    main()
