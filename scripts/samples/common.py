"""What every sample generator shares: seeded randomness, the template expander, the near-duplicate guard,
Brazilian numbers and dates, CNPJs, and the `Sample` each generator returns for the manifest."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

SEED = "workshop-samples-v1"


def rng_for(name: str) -> random.Random:
    return random.Random(f"{SEED}/{name}")  # str seeds are hashed with SHA-512: stable across runs


# --- small text helpers -------------------------------------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")


def expand(template: str, rng: random.Random, slots: dict[str, Callable[[random.Random], str]] | None = None) -> str:
    """`[a|b|c]` picks one alternative (nesting allowed, `[a|]` makes a part optional); `{name}` calls slots[name]."""
    text = _choose(template, rng)
    if slots:
        text = _SLOT.sub(lambda match: slots[match.group(1)](rng) if match.group(1) in slots else match.group(0), text)
    return re.sub(r"\s+([,.?!])", r"\1", re.sub(r" {2,}", " ", text)).strip()


def _choose(template: str, rng: random.Random) -> str:
    out, index = [], 0
    while index < len(template):
        char = template[index]
        if char != "[":
            out.append(char)
            index += 1
            continue
        depth, start, options = 1, index + 1, []
        index += 1
        while depth:
            if template[index] == "[":
                depth += 1
            elif template[index] == "]":
                depth -= 1
            elif template[index] == "|" and depth == 1:
                options.append(template[start:index])
                start = index + 1
            index += 1
        options.append(template[start:index - 1])
        out.append(_choose(rng.choice(options), rng))
    return "".join(out)


def sentence(text: str) -> str:
    """Capitalised, with a full stop unless it already ends in punctuation."""
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!:" else text + "."


def strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def normalise(text: str) -> str:
    """Case and whitespace do not make two texts different (the profile's rule)."""
    return " ".join(text.casefold().split())


def word_bigrams(text: str) -> set[tuple[str, str]]:
    """Pairs of adjacent words, case and punctuation aside (how the profile compares texts for near duplicates)."""
    words = re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold())
    return set(zip(words, words[1:]))


class NearGuard:
    """Texts seen so far, to tell whether a new one nearly repeats one of them by the profile's rule: a Jaccard
    similarity of word-bigram sets of at least 0.7, for texts of 5 words or more (advisor/profiling/near_duplicates.py)."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self.seen: list[set[tuple[str, str]]] = []
        self.index: dict[tuple[str, str], list[int]] = {}

    def near(self, text: str) -> bool:
        pairs = word_bigrams(text)
        if len(pairs) < 4:
            return False
        shared = Counter(number for pair in pairs for number in self.index.get(pair, ()))
        return any(count >= self.threshold * (len(pairs) + len(self.seen[number]) - count)
                   for number, count in shared.items())

    def add(self, text: str) -> None:
        pairs = word_bigrams(text)
        for pair in pairs:
            self.index.setdefault(pair, []).append(len(self.seen))
        self.seen.append(pairs)


def brl(cents: int) -> str:
    """1234567 -> '12.345,67' (Brazilian grouping and decimal comma)."""
    reais, centavos = divmod(cents, 100)
    return f"{reais:,}".replace(",", ".") + f",{centavos:02d}"


def decimal_pt(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def thousands_pt(value: int) -> str:
    return f"{value:,}".replace(",", ".")


MONTHS_PT = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
             "novembro", "dezembro"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def random_date(rng: random.Random, years: tuple[int, ...] = (2024, 2025)) -> tuple[int, int, int]:
    year, month = rng.choice(years), rng.randint(1, 12)
    return year, month, rng.randint(1, DAYS_IN_MONTH[month - 1])


# --- CNPJ -----------------------------------------------------------------------------------------


def cnpj_check_digits(first_twelve: str) -> str:
    """Receita Federal's rule: weights 5..2,9..2 then 6..2,9..2; a remainder below 2 gives 0, else 11 - r."""
    digits = [int(d) for d in first_twelve]
    for weights in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        remainder = sum(d * w for d, w in zip(digits, weights)) % 11
        digits.append(0 if remainder < 2 else 11 - remainder)
    return "".join(map(str, digits[12:]))


def make_cnpj(rng: random.Random, branch: int = 1) -> str:
    """A formatted CNPJ with valid check digits: 'XX.XXX.XXX/0001-XX'."""
    while True:
        root = f"{rng.randrange(10**8):08d}"
        if len(set(root)) > 2:
            break
    twelve = root + f"{branch:04d}"
    digits = twelve + cnpj_check_digits(twelve)
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


def bare(cnpj: str) -> str:
    return re.sub(r"\D", "", cnpj)


# --- output helpers -----------------------------------------------------------------------------


def chat_line(system: str, user: str, assistant: str) -> str:
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user},
                {"role": "assistant", "content": assistant}]
    return json.dumps({"messages": messages}, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Sample:
    id: str
    file: str
    content: bytes
    title_pt: str
    title_en: str
    teaches_pt: str
    teaches_en: str
    task_pt: str
    task_en: str
    expected: str
    expected_task_kind: str
    scenario: dict
    extra: tuple[tuple[str, str], ...] = ()  # optional manifest keys (e.g. table columns)


# --- names and places several samples draw from ----------------------------------------------------

CITIES = [("Campinas", "SP"), ("Londrina", "PR"), ("Juiz de Fora", "MG"), ("Caxias do Sul", "RS"), ("Joinville", "SC"),
          ("Feira de Santana", "BA"), ("Uberlândia", "MG"), ("Sorocaba", "SP"), ("Maringá", "PR"),
          ("Ribeirão Preto", "SP"), ("Petrópolis", "RJ"), ("Caruaru", "PE"), ("Anápolis", "GO"), ("Blumenau", "SC")]
FIRST_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Eduarda", "Fábio", "Gabriela", "Heitor", "Isabela", "João", "Karina",
               "Lucas", "Mariana", "Nelson", "Patrícia", "Rafael", "Sofia", "Thiago", "Vanessa", "Wagner", "Yasmin",
               "Renata", "Otávio", "Luíza", "Marcos", "Priscila", "Sérgio", "Tatiane", "Caio", "Débora"]
