"""How long does personal-data detection take next to tokenizing the same texts?

Run: .venv/bin/python benchmarks/bench_pii.py [--texts 300000] [--repeat 3] [--pii-rate 0.02]

Generates --texts short support-ticket texts, Portuguese and English, 50-500 characters, about half
of them carrying ordinary numbers that are not personal data (order ids, prices in R$ and $, dates,
times, CEPs, tracking codes, app versions, quantities, 14-digit protocol numbers) and --pii-rate of
them one planted value (e-mail, Brazilian or international phone, CPF, CNPJ, card, IPv4, IPv6).
Then times, each the best of --repeat alternating rounds:
  1. `encode_ordinary` of every text with o200k_base (the reference: the profile tokenizes anyway),
  2. `pii_kinds` of every text (what the profile's personal-data check calls),
and prints the ratio (target ≤ 0.30× tokenization) and how well the planted values were found:
texts with a plant that were flagged with the planted kind, and texts flagged without a plant.
The planted values are built here with their own check-digit code, not advisor.profiling.pii's.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor.data.tokens import get_encoding  # noqa: E402
from advisor.profiling.pii import pii_kinds  # noqa: E402

TARGET = 0.30

PT_WORDS = (
    "pedido entrega atrasou produto troca devolução cartão boleto pix frete prazo loja cliente não "
    "recebi ainda quero saber quando chega meu código rastreio está errado cobrança duplicada você "
    "pode ajudar obrigado ação informação endereço número nota fiscal garantia defeito tamanho cor "
    "atendimento reembolso aplicativo senha conta cadastro estorno parcela desconto cupom"
).split()
EN_WORDS = (
    "order delivery late product exchange refund card invoice shipping deadline store customer did "
    "not receive yet want to know when arrives my tracking code is wrong double charge you can help "
    "thanks information address number warranty broken size colour account password reset app "
    "coupon discount installment support agent"
).split()


def sentence(rng: random.Random, words: list[str]) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(4, 14)))
    return text[:1].upper() + text[1:] + rng.choice((".", "?", "!", "."))


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def ordinary_number(rng: random.Random, portuguese: bool) -> str:
    """A number that is not personal data, of the kinds support tickets are full of."""
    choice = rng.randrange(11)
    if choice == 0:
        return f"{'pedido' if portuguese else 'order'} #{digits(rng, rng.randint(5, 10)).lstrip('0') or '7'}"
    if choice == 1:
        whole = f"{rng.randint(1, 99_999):,}".replace(",", ".")
        return f"R$ {whole},{digits(rng, 2)}"
    if choice == 2:
        return f"${rng.randint(1, 999)}.{digits(rng, 2)}"
    if choice == 3:
        return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2019, 2025)}"
    if choice == 4:
        day = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return f"{day} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    if choice == 5:
        return f"{'às' if portuguese else 'at'} {rng.randint(0, 23)}:{rng.randint(0, 59):02d}"
    if choice == 6:
        return f"CEP {digits(rng, 5)}-{digits(rng, 3)}"
    if choice == 7:
        return f"{rng.choice(('NB', 'QA', 'OJ'))}{digits(rng, 9)}BR"
    if choice == 8:
        return f"{'versão' if portuguese else 'version'} {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    if choice == 9:
        return f"{rng.randint(2, 12)} {'unidades' if portuguese else 'units'}"
    return f"{'protocolo' if portuguese else 'ticket'} {rng.randint(2019, 2025)}{digits(rng, 10)}"


def mod11(body: str, weights: list[int]) -> str:
    remainder = sum(int(d) * w for d, w in zip(body, weights)) % 11
    return str(0 if remainder < 2 else 11 - remainder)


def luhn_completed(body: str) -> str:
    """`body` plus the digit that makes the whole number pass Luhn."""
    for check in "0123456789":
        number = body + check
        total = sum(
            (2 * int(d) - 9 if 2 * int(d) > 9 else 2 * int(d)) if i % 2 else int(d)
            for i, d in enumerate(reversed(number))
        )
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def planted_value(rng: random.Random) -> tuple[str, str]:
    """(kind, value) of one piece of personal data, written the way people write it."""
    kind = rng.choice(("email", "phone", "phone", "cpf", "cnpj", "credit_card", "ip", "ip"))
    if kind == "email":
        user = rng.choice(("joao.silva", "maria_souza", "ana", "pedro.h.lima", "j.smith", "contact+shop"))
        return kind, f"{user}{rng.randint(1, 99)}@{rng.choice(('gmail.com', 'empresa.com.br', 'outlook.com'))}"
    if kind == "phone":
        subscriber = "9" + digits(rng, 8) if rng.random() < 0.7 else rng.choice("2345") + digits(rng, 7)
        area = rng.choice(("11", "21", "31", "41", "51", "61", "71", "81", "85", "92"))
        shape = rng.randrange(4)
        if shape == 0:
            return kind, f"+55 {area} {subscriber[:-4]}-{subscriber[-4:]}"
        if shape == 1:
            return kind, f"({area}) {subscriber[:-4]}-{subscriber[-4:]}"
        if shape == 2:
            return kind, f"+1 ({digits(rng, 3).replace('0', '2')}) 555-{digits(rng, 4)}"
        return kind, f"+44 20 {digits(rng, 4)} {digits(rng, 4)}"
    if kind == "cpf":
        body = digits(rng, 9)
        body += mod11(body, list(range(10, 1, -1)))
        number = body + mod11(body, list(range(11, 1, -1)))
        return kind, f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}" if rng.random() < 0.7 else number
    if kind == "cnpj":
        body = digits(rng, 8) + "0001"
        body += mod11(body, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
        number = body + mod11(body, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
        return kind, f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"
    if kind == "credit_card":
        prefix = rng.choice(("4", "51", "55", "6011"))
        number = luhn_completed(prefix + digits(rng, 15 - len(prefix)))
        return kind, " ".join(number[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.6 else number
    if rng.random() < 0.75:
        first = rng.choice(("177", "189", "200", "45"))
        return kind, f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return kind, f"2804:{rng.randrange(0x10000):x}:{rng.randrange(0x10000):x}::{rng.randrange(1, 0x10000):x}"


def make_texts(count: int, pii_rate: float, seed: int = 11) -> tuple[list[str], dict[int, str]]:
    """The texts, and for each text with a planted value its kind."""
    rng = random.Random(seed)
    texts: list[str] = []
    planted: dict[int, str] = {}
    for index in range(count):
        portuguese = rng.random() < 0.6
        words = PT_WORDS if portuguese else EN_WORDS
        target = rng.randint(40, 440)  # plus the inserted numbers: 50-500 characters
        parts: list[str] = []
        length = 0
        while length < target:
            part = sentence(rng, words)
            parts.append(part)
            length += len(part) + 1
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                parts.insert(rng.randrange(len(parts) + 1), ordinary_number(rng, portuguese))
        if rng.random() < pii_rate:
            kind, value = planted_value(rng)
            planted[index] = kind
            parts.insert(rng.randrange(len(parts) + 1), value)
        texts.append(" ".join(parts))
    return texts, planted


def timed(run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pii-rate", type=float, default=0.02)
    args = parser.parse_args()

    encoding = get_encoding("o200k_base")
    texts, planted = make_texts(args.texts, args.pii_rate)
    print(
        f"{len(texts):,} texts, {sum(map(len, texts)) / len(texts):.0f} chars on average, "
        f"{len(planted):,} with a planted value ({len(planted) / len(texts):.1%})"
    )

    encode = encoding.encode_ordinary
    # Rounds alternate between the two, so a machine that slows down for a while slows both.
    t_tokens = t_pii = float("inf")
    kinds: list[frozenset[str]] = []
    for _ in range(args.repeat):
        t_tokens = min(t_tokens, timed(lambda: [encode(text) for text in texts])[0])
        seconds, kinds = timed(lambda: [pii_kinds(text) for text in texts])  # type: ignore[assignment]
        t_pii = min(t_pii, seconds)

    per_text = 1e6 / len(texts)
    print(f"{'encode_ordinary (reference)':28s} {t_tokens * 1000:9.1f} ms  {t_tokens * per_text:6.2f} µs/text")
    ratio = t_pii / t_tokens
    print(
        f"{'pii_kinds':28s} {t_pii * 1000:9.1f} ms  {t_pii * per_text:6.2f} µs/text  {ratio:.3f}× tokenization "
        f"(target ≤ {TARGET:.2f}×: {'met' if ratio <= TARGET else 'NOT met'})"
    )

    found = sum(1 for index, kind in planted.items() if kind in kinds[index])
    extra = [index for index, found_kinds in enumerate(kinds) if found_kinds and index not in planted]
    print(f"planted values found with their kind: {found:,} of {len(planted):,}")
    by_kind = Counter(kind for index in extra for kind in kinds[index])
    print(f"texts flagged without a plant: {len(extra):,} ({', '.join(f'{k} {n}' for k, n in by_kind.most_common())})")
    for index in extra[:5]:
        print(f"  {sorted(kinds[index])}: {texts[index][:160]!r}")


if __name__ == "__main__":
    main()
