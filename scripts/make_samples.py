#!/usr/bin/env python3
"""Workshop sample datasets (issues #7 and #18): seven bundled files an instructor opens to show why the advice
changes.

    .venv/bin/python scripts/make_samples.py            # write data/samples/ (the seven files and samples.toml)
    .venv/bin/python scripts/make_samples.py --check    # regenerate in memory; exit 1 if a committed file differs
    .venv/bin/python scripts/make_samples.py --out DIR  # write somewhere else

Every text is written for this project: assembled from templates with a fixed seed, standard library
only, so the files are reproducible byte for byte and `--check` proves the committed ones came from
here. Companies, people, patients and numbers are fictitious; e-mail addresses use the reserved
example.com/.org/.net domains; CNPJs are random numbers with valid check digits (a match with a real
company would be chance).

    sample                       expected       why
    translation_pairs.jsonl      prompting      32 pairs; a general model already translates; 1,000 requests a month
    invoice_extraction.jsonl     in_context     a strict JSON format a few examples teach; 45 are too few to train
    support_tickets.csv          lora           3,000 consistent labels, 12 queues, 2 million requests a month
    clinical_notes_sample.jsonl  full_finetune  a sample of 2 million notes in a jargon the base model barely saw
    intent_conflicts.jsonl       fix_data       a quarter of the distinct messages carry contradictory labels
    store_tool_calls.jsonl       lora           360 calls to 6 tools, 518 tokens of definitions on each of 3 million
                                                requests a month
    reply_tone_preferences.jsonl measure        640 preference pairs of free-text replies: no offline baseline judges
                                                tone, so a prompted model is measured first

The tickets and clinical notes are drawn until no two share most of their word pairs (the profile's
near-duplicate measure), so the only repetition is what a sample plants on purpose.

Each generator takes its own `random.Random` seeded by name, so editing one sample leaves the others'
bytes unchanged.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "samples"
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
    similarity of word-bigram sets of at least 0.7, for texts of 5 words or more (advisor/near_duplicates.py)."""

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


# =================================================================================================
# 1. translation_pairs.jsonl — prompting
# =================================================================================================

TRANSLATION_SYSTEM = (
    "You translate customer-facing messages from English into Brazilian Portuguese. Keep the meaning and the "
    "friendly tone, address the customer as \"você\", keep order numbers as they are, and write dates and "
    "amounts the Brazilian way."
)

# (English, Brazilian Portuguese); {order}, {date}/{data}, {amount}/{valor}, {time}/{hora} are filled per line.
TRANSLATIONS = [
    ("Your order {order} has shipped and should arrive within 3 business days.",
     "Seu pedido {order} foi enviado e deve chegar em até 3 dias úteis."),
    ("We're sorry for the delay. Your refund has been processed and may take up to 5 business days to appear "
     "on your statement.",
     "Pedimos desculpas pela demora. Seu reembolso foi processado e pode levar até 5 dias úteis para aparecer "
     "na sua fatura."),
    ("Thanks for reaching out! Someone from our team will get back to you within 24 hours.",
     "Obrigado por entrar em contato! Alguém da nossa equipe vai responder em até 24 horas."),
    ("Your subscription will renew automatically on {date}. You can cancel anytime in your account settings.",
     "Sua assinatura será renovada automaticamente em {data}. Você pode cancelar quando quiser nas "
     "configurações da sua conta."),
    ("We couldn't process your payment. Please check your card details and try again.",
     "Não conseguimos processar o seu pagamento. Confira os dados do cartão e tente novamente."),
    ("Your password was changed successfully. If you didn't make this change, contact us right away.",
     "Sua senha foi alterada com sucesso. Se não foi você quem fez essa alteração, fale com a gente "
     "imediatamente."),
    ("Good news: the item you asked about is back in stock.",
     "Boa notícia: o item que você procurava voltou ao estoque."),
    ("Please keep the original packaging until the return is complete.",
     "Guarde a embalagem original até a devolução ser concluída."),
    ("Our store will be closed on Monday for the holiday and will reopen at {time} on Tuesday.",
     "Nossa loja estará fechada na segunda-feira por causa do feriado e reabrirá na terça-feira, às {hora}."),
    ("You can track your delivery in real time with the link in your confirmation email.",
     "Você pode acompanhar a entrega em tempo real pelo link do seu e-mail de confirmação."),
    ("We've received your return and will inspect the item within two business days.",
     "Recebemos a sua devolução e vamos avaliar o produto em até dois dias úteis."),
    ("Your order {order} qualifies for free shipping.",
     "Seu pedido {order} tem frete grátis."),
    ("The technician will visit between 8 a.m. and noon. Please make sure someone is home.",
     "O técnico fará a visita entre 8h e meio-dia. Certifique-se de que haverá alguém em casa."),
    ("Your appointment is confirmed for {time} on Thursday.",
     "Seu horário está confirmado para quinta-feira, às {hora}."),
    ("We noticed a sign-in to your account from a new device. Was this you?",
     "Notamos um acesso à sua conta a partir de um novo dispositivo. Foi você?"),
    ("This coupon has expired, but here is a new one valid until the end of the month.",
     "Este cupom expirou, mas aqui está um novo, válido até o fim do mês."),
    ("Unfortunately, this product can't be shipped to your region yet.",
     "Infelizmente, este produto ainda não pode ser enviado para a sua região."),
    ("Please reply to this message with a photo of the damaged item.",
     "Responda a esta mensagem com uma foto do produto danificado."),
    ("Your invoice for order {order} is attached. Let us know if anything needs to be corrected.",
     "A nota fiscal do pedido {order} está em anexo. Avise a gente se algo precisar ser corrigido."),
    ("We're receiving a high volume of calls. You can also reach us through the chat in our app.",
     "Estamos recebendo muitas ligações. Você também pode falar com a gente pelo chat do aplicativo."),
    ("Your account has been temporarily locked after several failed sign-in attempts.",
     "Sua conta foi bloqueada temporariamente depois de várias tentativas de acesso sem sucesso."),
    ("How would you rate the help you received from our team today?",
     "Como você avalia o atendimento que recebeu da nossa equipe hoje?"),
    ("Exchanges are free of charge within 30 days of delivery.",
     "As trocas são gratuitas em até 30 dias após a entrega."),
    ("Your gift card balance is {amount}.",
     "O saldo do seu cartão-presente é de {valor}."),
    ("We've updated our privacy policy. The changes take effect on {date}.",
     "Atualizamos a nossa política de privacidade. As mudanças passam a valer em {data}."),
    ("Sorry, we couldn't find an account with that email address.",
     "Desculpe, não encontramos nenhuma conta com esse endereço de e-mail."),
    ("Your order was split into two packages, which may arrive on different days.",
     "Seu pedido foi dividido em dois pacotes, que podem chegar em dias diferentes."),
    ("To cancel your plan, go to Settings > Subscription and tap Cancel.",
     "Para cancelar o seu plano, acesse Configurações > Assinatura e toque em Cancelar."),
    ("We'll text you as soon as the driver is nearby.",
     "Vamos avisar você por SMS assim que o entregador estiver por perto."),
    ("Thank you for your patience while we look into this.",
     "Agradecemos a sua paciência enquanto analisamos o caso."),
    ("The promotion applies only to items sold and shipped by us.",
     "A promoção vale apenas para produtos vendidos e entregues por nós."),
    ("Your feedback helps us improve, and the survey takes only two minutes.",
     "Sua opinião nos ajuda a melhorar, e a pesquisa leva só dois minutos."),
]


def make_translation() -> bytes:
    rng = rng_for("translation")
    lines = []
    for english, portuguese in TRANSLATIONS:
        _, month, day = random_date(rng)
        hour, minute = rng.choice([(9, 0), (10, 0), (14, 30), (15, 30), (16, 45), (11, 15)])
        cents = rng.randrange(1500, 25000, 5)
        fill = {
            "order": f"#{rng.randrange(100000, 999999)}",
            "date": f"{MONTHS_EN[month - 1]} {day}",
            "data": f"{day} de {MONTHS_PT[month - 1]}",
            "time": f"{hour % 12 or 12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}".replace(":00 ", " "),
            "hora": f"{hour}h{minute:02d}" if minute else f"{hour}h",
            "amount": f"${cents // 100}.{cents % 100:02d}",
            "valor": f"US$ {cents // 100},{cents % 100:02d}",
        }
        lines.append(chat_line(TRANSLATION_SYSTEM, english.format(**fill), portuguese.format(**fill)))
    return "".join(lines).encode("utf-8")


# =================================================================================================
# 2. invoice_extraction.jsonl — in_context
# =================================================================================================

INVOICE_SYSTEM = (
    "Você lê notas fiscais, cupons, faturas e recibos de fornecedores brasileiros e responde só com um objeto "
    "JSON com as chaves, nesta ordem: \"fornecedor\" (razão social do emitente, como está escrita no documento), "
    "\"cnpj\" (do emitente, no formato 00.000.000/0000-00), \"data\" (data de emissão, AAAA-MM-DD), "
    "\"valor_total\" (valor final do documento, com descontos e frete, sem abater impostos retidos; número em "
    "reais com ponto decimal) e \"moeda\" (\"BRL\")."
)

# The team that receives the documents (the buyer, "destinatário" or "tomador"): its CNPJ is a deliberate distractor.
BUYER = "Vento Sul Engenharia e Projetos Ltda"

# Invented name parts: combined they name no company we know of.
NAME_CORES = [
    "Trevo Dourado", "Sete Ipês", "Pedra Lisa", "Maré Alta", "Canto do Sabiá", "Serra do Araxim", "Vila Quitanda",
    "Bela Jurema", "Ponte Nova do Sul", "Jatobá Velho", "Recanto Azul", "Monte Sião Novo", "Lagoa Seca Grande",
    "Irmãos Tavolin", "Moraes & Quintela", "Nogueira Brites", "Cardoso Valadão", "Oliveira Mancuso", "Beira-Rio Leste",
    "Primavera Alta", "Girassol Sete", "Alvorada Paulista", "Cajueiro Branco", "Ouro Fino Central", "Bom Pastor Norte",
]
STREETS = ["Rua das Acácias", "Av. Presidente Vargas", "Rua Dom Pedro II", "Rua Sete de Setembro", "Av. Brasil",
           "Rua Tiradentes", "Rua XV de Novembro", "Av. das Nações", "Rua Marechal Deodoro", "Travessa do Comércio",
           "Rua Barão do Rio Branco", "Av. Getúlio Vargas", "Rua José Bonifácio", "Estrada Velha do Campo"]
DISTRICTS = ["Centro", "Vila Nova", "Jardim América", "Santa Cruz", "Boa Vista", "São José", "Industrial",
             "Jardim das Flores", "Cidade Alta", "Bela Vista"]
CITIES = [("Campinas", "SP"), ("Londrina", "PR"), ("Juiz de Fora", "MG"), ("Caxias do Sul", "RS"), ("Joinville", "SC"),
          ("Feira de Santana", "BA"), ("Uberlândia", "MG"), ("Sorocaba", "SP"), ("Maringá", "PR"),
          ("Ribeirão Preto", "SP"), ("Petrópolis", "RJ"), ("Caruaru", "PE"), ("Anápolis", "GO"), ("Blumenau", "SC")]

# sector: (name prefixes, legal suffixes, layouts, items (description, unit, min price, max price, quantities))
SECTORS = {
    "padaria": (["Panificadora", "Padaria e Confeitaria", "Comércio de Pães e Doces"], ["Ltda", "ME", "Ltda - ME"],
                ["nfce", "nfce", "informal"],
                [("PAO FRANCES", "KG", 1490, 1990, "kg"), ("LEITE INTEGRAL 1L", "UN", 479, 689, (1, 2, 3, 6)),
                 ("CAFE TORRADO MOIDO 500G", "UN", 1690, 2890, (1, 2)),
                 ("QUEIJO MINAS FRESCAL", "KG", 3490, 4990, "kg"),
                 ("PRESUNTO COZIDO FATIADO", "KG", 3290, 4490, "kg"), ("BOLO DE FUBA", "UN", 1800, 2600, (1,)),
                 ("PAO DE QUEIJO", "KG", 4290, 5890, "kg"), ("MANTEIGA C/ SAL 200G", "UN", 1290, 1690, (1, 2)),
                 ("SUCO LARANJA NATURAL 1L", "UN", 1190, 1590, (1, 2)), ("SONHO DE CREME", "UN", 590, 790, (2, 4, 6))]),
    "farmacia": (["Drogaria", "Farmácia e Perfumaria", "Comércio de Medicamentos"], ["Ltda", "ME", "Ltda - EPP"],
                 ["nfce", "nfce", "informal"],
                 [("DIPIRONA 500MG C/10 COMP", "UN", 490, 1290, (1, 2)),
                  ("PROTETOR SOLAR FPS50 200ML", "UN", 4990, 8990, (1,)),
                  ("ESCOVA DENTAL MACIA", "UN", 690, 1590, (1, 2, 3)), ("FIO DENTAL 50M", "UN", 590, 1290, (1, 2)),
                  ("VITAMINA C 1G EFERV C/10", "UN", 1290, 2490, (1, 2)),
                  ("SORO FISIOLOGICO 500ML", "UN", 690, 1190, (1, 2, 4)),
                  ("ALCOOL 70% 1L", "UN", 890, 1490, (1, 2)), ("CURATIVO ADESIVO C/40", "UN", 790, 1690, (1, 2))]),
    "construcao": (["Materiais de Construção", "Depósito de Materiais", "Comércio de Materiais para Construção"],
                   ["Ltda", "Ltda - EPP", "S.A."], ["danfe", "danfe", "nfce"],
                   [("CIMENTO CP II-E 50KG", "SC", 3290, 4290, (5, 10, 20, 30)),
                    ("AREIA MEDIA LAVADA", "M3", 12000, 16000, (1, 2, 3)),
                    ("TIJOLO CERAMICO 9 FUROS", "MIL", 78000, 98000, (1, 2)),
                    ("TINTA ACRILICA FOSCA 18L", "GL", 21900, 38900, (1, 2, 3)),
                    ("ARGAMASSA AC-II 20KG", "SC", 2190, 3290, (4, 8, 10)),
                    ("TUBO PVC ESGOTO 100MM 6M", "BR", 6990, 9990, (2, 4, 6)),
                    ("ROLO DE LA 23CM", "UN", 2290, 3490, (1, 2)),
                    ("FITA VEDA ROSCA 18MM X 25M", "UN", 490, 890, (2, 5))]),
    "informatica": (["Comércio de Informática", "Distribuidora de Informática", "Tecnologia e Suprimentos"],
                    ["Ltda", "Eireli", "S.A."], ["danfe", "danfe", "nfce"],
                    [("MOUSE SEM FIO 1600DPI", "UN", 4990, 9990, (1, 2, 5)),
                     ("TECLADO USB ABNT2", "UN", 5990, 12990, (1, 2, 5)),
                     ("CABO HDMI 2.0 2M", "UN", 2490, 4990, (1, 3, 10)),
                     ("SSD SATA 480GB", "UN", 17990, 26990, (1, 2, 4)),
                     ("MONITOR LED 24 POL FULL HD", "UN", 69900, 99900, (1, 2)),
                     ("HEADSET USB C/ MICROFONE", "UN", 8990, 19990, (1, 2)),
                     ("WEBCAM FULL HD 1080P", "UN", 12990, 24990, (1, 2)),
                     ("HUB USB-C 7 EM 1", "UN", 11990, 18990, (1, 2))]),
    "autopecas": (["Auto Peças", "Comércio de Autopeças", "Centro Automotivo"], ["Ltda", "ME", "Ltda - ME"],
                  ["danfe", "nfce", "informal"],
                  [("PASTILHA FREIO DIANT JOGO", "JG", 8990, 18990, (1,)),
                   ("OLEO MOTOR 5W30 SINT 1L", "UN", 3490, 5490, (4, 5)),
                   ("FILTRO DE OLEO", "UN", 2190, 4590, (1,)), ("FILTRO DE AR MOTOR", "UN", 2990, 5990, (1,)),
                   ("PALHETA LIMPADOR 20 POL", "UN", 2490, 4990, (2,)),
                   ("LAMPADA H4 12V 60/55W", "UN", 1590, 3990, (1, 2)),
                   ("FLUIDO DE FREIO DOT4 500ML", "UN", 2490, 3990, (1, 2))]),
    "papelaria": (["Papelaria", "Papelaria e Suprimentos", "Livraria e Papelaria"], ["Ltda", "ME", "Ltda - ME"],
                  ["danfe", "nfce", "nfce"],
                  [("PAPEL SULFITE A4 75G RESMA 500FLS", "RM", 2490, 3690, (2, 5, 10)),
                   ("CANETA ESFEROGRAFICA AZUL CX 50", "CX", 3990, 6990, (1, 2)),
                   ("GRAMPEADOR DE MESA 26/6", "UN", 2490, 4990, (1, 2)),
                   ("PASTA SUSPENSA KRAFT", "UN", 190, 390, (10, 25, 50)),
                   ("BLOCO ADESIVO 76X76 C/100", "UN", 590, 1190, (3, 6, 12)),
                   ("TONER COMPATIVEL PRETO", "UN", 8990, 15990, (1, 2)),
                   ("ENVELOPE PARDO A4 C/100", "PCT", 3490, 5490, (1,))]),
    "restaurante": (["Restaurante", "Refeições", "Cantina e Restaurante"], ["Ltda", "ME", "Ltda - ME"],
                    ["nfce", "informal"],
                    [("PRATO EXECUTIVO", "UN", 2990, 4590, (1, 2, 3, 4)),
                     ("REFRIGERANTE LATA 350ML", "UN", 590, 890, (1, 2, 3)),
                     ("SUCO NATURAL 500ML", "UN", 990, 1490, (1, 2)), ("SOBREMESA DO DIA", "UN", 1290, 1990, (1, 2)),
                     ("AGUA MINERAL 500ML", "UN", 400, 690, (1, 2, 3)), ("CAFE EXPRESSO", "UN", 590, 890, (1, 2, 4))]),
    "servicos": (["Climatização e Manutenção", "Assessoria Contábil", "Limpeza e Conservação", "Controle de Pragas",
                  "Soluções Web", "Gráfica e Editora", "Fotografia e Vídeo"],
                 ["Ltda", "ME", "Ltda - ME"], ["nfse", "nfse", "recibo"], []),
    "telecom": (["Telecomunicações", "Provedor de Internet"], ["Ltda", "S.A."], ["fatura"], []),
}
SERVICES = {
    "Climatização e Manutenção": [("manutenção preventiva de {n} aparelhos de ar-condicionado split", 18000, 32000),
                                           ("instalação de ar-condicionado split 12.000 BTUs com material", 65000,
                                            95000)],
    "Assessoria Contábil": [("honorários contábeis de {mes}", 89000, 240000),
                             ("elaboração da declaração anual e escrituração fiscal", 150000, 380000)],
    "Limpeza e Conservação": [("limpeza pós-obra de {n}0 m² de escritório", 120000, 280000),
                              ("serviço mensal de limpeza e conservação de {mes}", 260000, 590000)],
    "Controle de Pragas": [("dedetização e desratização de área de {n}00 m²", 45000, 120000)],
    "Soluções Web": [("manutenção do site institucional no mês de {mes}", 180000, 450000),
                     ("hospedagem e suporte técnico anual", 90000, 160000)],
    "Gráfica e Editora": [("impressão de {n}.000 folhetos A5 coloridos", 38000, 95000),
                          ("confecção de {n}00 cartões de visita e banner em lona", 29000, 68000)],
    "Fotografia e Vídeo": [("cobertura fotográfica de evento corporativo ({n} horas)", 150000, 420000)],
}
PAYMENTS = ["CARTAO DE CREDITO", "CARTAO DE DEBITO", "PIX", "DINHEIRO", "VALE ALIMENTACAO"]
UNITS_PT = ["zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove", "dez", "onze", "doze",
            "treze", "quatorze", "quinze", "dezesseis", "dezessete", "dezoito", "dezenove"]
TENS_PT = ["", "", "vinte", "trinta", "quarenta", "cinquenta", "sessenta", "setenta", "oitenta", "noventa"]
HUNDREDS_PT = ["", "cento", "duzentos", "trezentos", "quatrocentos", "quinhentos", "seiscentos", "setecentos",
               "oitocentos", "novecentos"]


def _below_thousand(number: int) -> str:
    if number == 100:
        return "cem"
    parts = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        parts.append(HUNDREDS_PT[hundreds])
    if rest >= 20:
        tens, units = divmod(rest, 10)
        parts.append(TENS_PT[tens] + (f" e {UNITS_PT[units]}" if units else ""))
    elif rest:
        parts.append(UNITS_PT[rest])
    return " e ".join(parts)


def in_words(number: int) -> str:
    """Portuguese cardinal for 0..999,999 ('mil duzentos e cinquenta', 'dois mil e quinhentos')."""
    if number == 0:
        return "zero"
    thousands, rest = divmod(number, 1000)
    head = "" if not thousands else ("mil" if thousands == 1 else f"{_below_thousand(thousands)} mil")
    if not rest:
        return head
    tail = _below_thousand(rest)
    if not head:
        return tail
    return f"{head} e {tail}" if rest < 100 or rest % 100 == 0 else f"{head} {tail}"


def reais_in_words(cents: int) -> str:
    reais, centavos = divmod(cents, 100)
    text = f"{in_words(reais)} {'real' if reais == 1 else 'reais'}" if reais else ""
    if centavos:
        text += (" e " if text else "") + f"{in_words(centavos)} centavo{'s' if centavos > 1 else ''}"
    return text


TRADE_WORDS = {"padaria": "Padaria", "farmacia": "Drogaria", "construcao": "Depósito", "informatica": "Info",
               "autopecas": "Auto Peças", "papelaria": "Papelaria", "restaurante": "Restaurante"}


@dataclass(frozen=True)
class Company:
    name: str  # the legal name (razão social), what the answer names
    trade: str  # the name the shop trades under, printed first on some receipts
    activity: str
    cnpj: str
    sector: str
    street: str
    district: str
    city: str
    state: str


def _companies(rng: random.Random) -> list[Company]:
    companies, used = [], set()
    cores = NAME_CORES[:]
    rng.shuffle(cores)
    plan = (("padaria", 4), ("farmacia", 3), ("construcao", 3), ("informatica", 3), ("autopecas", 3),
            ("papelaria", 2), ("restaurante", 3), ("servicos", 7), ("telecom", 2))
    index = 0
    telecom_cores = ["Fibra Norte", "Conecta Vale", "Rede Veloz"]
    for sector, count in plan:
        activities, suffixes, _, _ = SECTORS[sector]
        for number in range(count):
            activity = activities[number % len(activities)]
            core = telecom_cores[number] if sector == "telecom" else cores[index % len(cores)]
            index += sector != "telecom"
            name = f"{core} {activity} {rng.choice(suffixes)}"
            if name in used:
                continue
            used.add(name)
            city, state = rng.choice(CITIES)
            trade = f"{TRADE_WORDS.get(sector, activity.split()[0])} {core}".upper()
            companies.append(Company(name, trade, activity, make_cnpj(rng, rng.choice((1, 1, 1, 2, 3))), sector,
                                     f"{rng.choice(STREETS)}, {rng.randint(12, 2980)}", rng.choice(DISTRICTS), city,
                                     state))
    return companies


def _items(rng: random.Random, sector: str) -> list[tuple[str, str, str, int, int]]:
    """(description, unit, quantity as printed, unit price in cents, line total in cents)."""
    catalog = SECTORS[sector][3]
    chosen = rng.sample(catalog, rng.randint(1, min(5, len(catalog))))
    rows = []
    for description, unit, low, high, quantities in chosen:
        price = rng.randrange(low, high + 1, 10)
        if quantities == "kg":
            grams = rng.randrange(150, 1600, 5)
            rows.append((description, unit, f"{grams / 1000:.3f}".replace(".", ","), price,
                         round(price * grams / 1000)))
        else:
            quantity = rng.choice(quantities)
            rows.append((description, unit, str(quantity), price, price * quantity))
    return rows


def _date_text(rng: random.Random, year: int, month: int, day: int, style: str) -> str:
    if style == "numeric":
        return f"{day:02d}/{month:02d}/{year}"
    if style == "short":
        return rng.choice([f"{day}/{month}/{year % 100:02d}", f"{day:02d}.{month:02d}.{year}",
                           f"{day:02d}-{month:02d}-{year}"])
    return f"{day} de {MONTHS_PT[month - 1]} de {year}"


def _invoice(
    rng: random.Random, company: Company, buyer_cnpj: str, number: int
) -> tuple[str, int, tuple[int, int, int], str]:
    """One document's text, its total in cents, its issue date and the issuer's name as printed."""
    _, _, layouts, _ = SECTORS[company.sector]
    layout = rng.choice(layouts)
    year, month, day = random_date(rng)
    date = _date_text(rng, year, month, day, "numeric")
    hour = f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    address = f"{company.street} - {company.district} - {company.city}/{company.state}"
    cep = f"{rng.randrange(10000, 99999)}-{rng.randrange(1000):03d}"

    if layout in ("nfce", "danfe", "informal"):
        rows = _items(rng, company.sector)
        subtotal = sum(row[4] for row in rows)
        discount = rng.choice([0, 0, 0, rng.randrange(100, max(200, subtotal // 10), 10)])
        freight = rng.choice([0, 0, rng.randrange(1500, 12000, 10)]) if layout == "danfe" else 0
        total = subtotal - discount + freight
    if layout == "nfce":
        printed = company.name.upper()
        lines = [printed,
                 f"CNPJ: {company.cnpj if rng.random() < 0.7 else bare(company.cnpj)}  IE: "
                 f"{rng.randrange(10**11, 10**12)}",
                 address.upper(),
                 "Documento Auxiliar da Nota Fiscal de Consumidor Eletrônica",
                 "#  DESCRIÇÃO                      QTD  UN   VL UNIT   VL TOTAL"]
        for position, (description, unit, quantity, price, line_total) in enumerate(rows, 1):
            lines.append(f"{position:03d} {description:<30} {quantity:>6} {unit:<3} {brl(price):>8} "
                         f"{brl(line_total):>9}")
        lines.append(f"QTD. TOTAL DE ITENS {len(rows)}")
        lines.append(f"VALOR TOTAL R$ {brl(subtotal)}")
        if discount:
            lines.append(f"Desconto R$ {brl(discount)}")
            lines.append(f"VALOR A PAGAR R$ {brl(total)}")
        lines.append(f"FORMA DE PAGAMENTO {rng.choice(PAYMENTS)} {brl(total)}")
        lines.append(rng.choice(["CONSUMIDOR NÃO IDENTIFICADO", "CONSUMIDOR NAO IDENTIFICADO",
                                 f"CONSUMIDOR: {BUYER.upper()}"]))
        lines.append(f"NFC-e nº {number:06d} Série {rng.randint(1, 9):03d} Emissão: {date} {hour}")
        lines.append("Consulte pela Chave de Acesso no portal da SEFAZ")
        if rng.random() < 0.4:  # the name the shop trades under, printed first, is not the legal name
            lines.insert(0, company.trade)
        return "\n".join(lines), total, (year, month, day), printed
    if layout == "danfe":
        exit_day = min(day + rng.choice((0, 0, 1, 2)), DAYS_IN_MONTH[month - 1])
        state_codes = {"SP": 35, "PR": 41, "MG": 31, "RS": 43, "SC": 42, "BA": 29, "RJ": 33, "PE": 26, "GO": 52}
        key = (f"{state_codes[company.state]}{year % 100:02d}{month:02d}{bare(company.cnpj)}55001{number:09d}1"
               f"{rng.randrange(10**8):08d}")
        key += str(sum(int(d) for d in key) % 10)
        lines = ["DANFE - DOCUMENTO AUXILIAR DA NOTA FISCAL ELETRÔNICA", "0 - ENTRADA  1 - SAÍDA  [1]",
                 f"Nº {number // 10**6:03d}.{number // 1000 % 1000:03d}.{number % 1000:03d}  SÉRIE 001",
                 f"EMITENTE: {company.name.upper()}", f"{address.upper()} - CEP {cep}",
                 f"CNPJ: {company.cnpj}  INSCRIÇÃO ESTADUAL: {rng.randrange(10**11, 10**12)}",
                 f"CHAVE DE ACESSO: {key}",
                 f"DESTINATÁRIO: {BUYER.upper()}  CNPJ: {buyer_cnpj}",
                 f"DATA DA EMISSÃO: {date}  DATA DA SAÍDA: {exit_day:02d}/{month:02d}/{year}",
                 "DADOS DOS PRODUTOS / SERVIÇOS",
                 "CÓD | DESCRIÇÃO | UN | QTD | V.UNIT | V.TOTAL"]
        for description, unit, quantity, price, line_total in rows:
            lines.append(f"{rng.randrange(1000, 99999)} | {description} | {unit} | {quantity} | {brl(price)} | "
                         f"{brl(line_total)}")
        lines.append(f"VALOR TOTAL DOS PRODUTOS: {brl(subtotal)}")
        lines.append(f"VALOR DO FRETE: {brl(freight)}  DESCONTO: {brl(discount)}")
        lines.append(f"VALOR TOTAL DA NOTA: {brl(total)}")
        if rng.random() < 0.5:
            lines.append("FATURA: 1 DUPLICATA - VENC. "
                         f"{_date_text(rng, year, month % 12 + 1, min(day, 28), 'numeric')}")
        return "\n".join(lines), total, (year, month, day), company.name.upper()
    if layout == "informal":  # an employee's note about a receipt: free text, other date shapes
        date = _date_text(rng, year, month, day, rng.choice(["short", "long", "numeric"]))
        things = ", ".join(f"{quantity} {description.lower()}" for description, _, quantity, _, _ in rows[:3])
        cnpj_text = company.cnpj if rng.random() < 0.6 else bare(company.cnpj)
        text = rng.choice([
            f"Segue o comprovante para reembolso: compra na {company.name} (CNPJ {cnpj_text}) em {date}, "
            f"{things}. Total de R$ {brl(total)}, pago no {rng.choice(['cartão corporativo', 'pix', 'débito'])}.",
            f"Reembolso de despesa — {company.name}, CNPJ {cnpj_text}. Data da compra: {date}. Itens: {things}. "
            f"Valor pago: R$ {brl(total)}.",
            f"Oi, financeiro! Gastei R$ {brl(total)} na {company.name} ({cnpj_text}) no dia {date} com {things}. "
            "A foto do cupom está anexa.",
        ])
        return text, total, (year, month, day), company.name
    if layout in ("nfse", "recibo"):
        template, low, high = rng.choice(SERVICES[company.activity])
        service = template.format(n=rng.randint(2, 9),
                                  mes=f"{MONTHS_PT[(month - 2) % 12]}/{year if month > 1 else year - 1}")
        gross = rng.randrange(low, high, 100)
        if layout == "recibo":
            when = _date_text(rng, year, month, day, "long")
            text = (f"RECIBO Nº {number % 1000:03d}\nValor: R$ {brl(gross)}\n"
                    f"Recebemos de {BUYER}, CNPJ {buyer_cnpj}, a importância de R$ {brl(gross)} "
                    f"({reais_in_words(gross)}), referente a {service}.\n"
                    f"Para clareza, firmamos o presente.\n{company.city}, {when}.\n"
                    f"{company.name}\nCNPJ {company.cnpj}\n{address}")
            return text, gross, (year, month, day), company.name
        iss = round(gross * rng.choice((0.02, 0.03, 0.05)))
        withheld = rng.random() < 0.4
        net = gross - iss if withheld else gross
        text = (f"PREFEITURA MUNICIPAL DE {company.city.upper()}\nNOTA FISCAL DE SERVIÇOS ELETRÔNICA - NFS-e\n"
                f"Número da Nota: {number:08d}  Data e Hora de Emissão: {date} {hour}\n"
                f"Código de Verificação: {''.join(rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ23456789') for _ in range(8))}\n"
                f"PRESTADOR DE SERVIÇOS\nRazão Social: {company.name}\nCPF/CNPJ: {company.cnpj}\n"
                f"Endereço: {address} - CEP {cep}\n"
                f"TOMADOR DE SERVIÇOS\nRazão Social: {BUYER}\nCPF/CNPJ: {buyer_cnpj}\n"
                f"DISCRIMINAÇÃO DOS SERVIÇOS\n{sentence(service)}\n"
                f"VALOR TOTAL DO SERVIÇO = R$ {brl(gross)}\n"
                f"ISS ({'retido' if withheld else 'não retido'}): R$ {brl(iss)}\n"
                + (f"VALOR LÍQUIDO = R$ {brl(net)}" if withheld else f"Valor líquido da nota: R$ {brl(net)}"))
        return text, gross, (year, month, day), company.name
    # fatura: a monthly telecom bill; the due date is a distractor, the issue date is what counts
    plan_cents = rng.choice((9990, 11990, 14990, 19990, 24990))
    extras = [(label, cents) for label, cents in (("Locação de roteador Wi-Fi 6", 1500), ("IP fixo", 3000),
                                                   ("Linha fixa ilimitada", 4990), ("Suporte premium", 2990))
              if rng.random() < 0.35]
    discount = rng.choice((0, 0, 1000, 2000))
    total = plan_cents + sum(cents for _, cents in extras) - discount
    due_day = min(day + 10, DAYS_IN_MONTH[month - 1])
    lines = [f"{company.name.upper()}", f"CNPJ {company.cnpj}", "FATURA DE SERVIÇOS DE TELECOMUNICAÇÕES - "
             f"{MONTHS_PT[month - 1].upper()}/{year}", f"Cliente: {BUYER}  CNPJ: {buyer_cnpj}",
             f"Data de emissão: {date}    Vencimento: {due_day:02d}/{month:02d}/{year}",
             f"Plano Fibra Empresarial {rng.choice((300, 500, 700, 1000))} Mega ........ R$ {brl(plan_cents)}"]
    lines += [f"{label} ........ R$ {brl(cents)}" for label, cents in extras]
    if discount:
        lines.append(f"Desconto fidelidade ........ -R$ {brl(discount)}")
    lines.append(f"TOTAL A PAGAR: R$ {brl(total)}")
    lines.append(f"Linha digitável: {rng.randrange(10**4, 10**5)}.{rng.randrange(10**4, 10**5)} "
                 f"{rng.randrange(10**4, 10**5)}.{rng.randrange(10**5, 10**6)}")
    return "\n".join(lines), total, (year, month, day), company.name.upper()


def make_invoices(count: int = 45) -> bytes:
    # Under the 50 demonstrations OpenAI suggests starting a fine-tune with (FACTS §2): few enough that
    # examples in the prompt, not training, are the answer.
    rng = rng_for("invoices")
    companies = _companies(rng)
    buyer_cnpj = make_cnpj(rng)
    lines = []
    for index in range(count):
        company = companies[index] if index < len(companies) else rng.choice(companies)
        text, cents, (year, month, day), printed = _invoice(rng, company, buyer_cnpj, rng.randrange(1000, 990000))
        answer = {"fornecedor": printed, "cnpj": company.cnpj, "data": f"{year}-{month:02d}-{day:02d}",
                  "valor_total": cents / 100, "moeda": "BRL"}
        lines.append((text, json.dumps(answer, ensure_ascii=False)))
    rng.shuffle(lines)
    return "".join(chat_line(INVOICE_SYSTEM, text, answer) for text, answer in lines).encode("utf-8")


# =================================================================================================
# 3. support_tickets.csv — lora
# =================================================================================================

# (Portuguese, gender, English, kinds): e = electric, c = pairs with a phone or computer, n = not electric
PRODUCTS = [("fone Bluetooth Vibra X2", "m", "Vibra X2 bluetooth headphones", "ec"),
            ("air fryer 4,5 L", "f", "4.5L air fryer", "e"),
            ("cafeteira de cápsulas", "f", "capsule coffee maker", "e"),
            ("tênis de corrida", "m", "running shoes", "n"),
            ("notebook 15 polegadas", "m", "15-inch laptop", "e"), ("cadeira gamer", "f", "gaming chair", "n"),
            ("smartwatch Pulso 3", "m", "Pulso 3 smartwatch", "ec"),
            ("kit de panelas antiaderente", "m", "non-stick pan set", "n"),
            ("aspirador robô", "m", "robot vacuum", "ec"), ("mochila de notebook", "f", "laptop backpack", "n"),
            ("liquidificador 1200 W", "m", "1200W blender", "e"),
            ("jogo de lençol queen", "m", "queen bed sheet set", "n"),
            ("câmera de segurança Wi-Fi", "f", "Wi-Fi security camera", "ec"),
            ("ventilador de coluna", "m", "standing fan", "e"),
            ("monitor 27 polegadas", "m", "27-inch monitor", "ec"), ("carrinho de bebê", "m", "baby stroller", "n"),
            ("micro-ondas 30 L", "m", "30L microwave", "e"), ("teclado mecânico", "m", "mechanical keyboard", "ec"),
            ("caixa de som portátil", "f", "portable speaker", "ec"), ("escova secadora", "f", "hot air brush", "e"),
            ("bicicleta aro 29", "f", "29-inch mountain bike", "n"),
            ("impressora multifuncional", "f", "all-in-one printer", "ec")]
DEVICES = ["iPhone 13", "iPhone 15", "Galaxy A54", "Galaxy S23", "Moto G84", "Redmi Note 12", "notebook com Windows 11",
           "MacBook", "tablet Android", "Chrome no PC"]
DEVICES_EN = ["iPhone 13", "iPhone 15", "Galaxy A54", "Galaxy S23", "Moto G84", "Redmi Note 12", "Windows 11 laptop",
              "MacBook", "Android tablet", "Chrome on my PC"]
PLANS = ["Básico", "Plus", "Premium", "Família", "Anual"]
CITIES_TICKET = ["Cajamar", "Contagem", "Barueri", "Curitiba", "Recife", "Guarulhos", "Betim", "Itajaí", "Goiânia",
                 "São José dos Campos", "Canoas", "Feira de Santana"]
CATEGORIES = [("cosméticos veganos", "vegan cosmetics"), ("roupas fitness", "activewear"),
              ("utensílios de cozinha", "kitchenware"), ("brinquedos educativos", "educational toys"),
              ("acessórios para pets", "pet accessories"), ("artesanato em couro", "leather goods"),
              ("eletrônicos importados", "consumer electronics"), ("cafés especiais", "specialty coffee")]
FIRST_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Eduarda", "Fábio", "Gabriela", "Heitor", "Isabela", "João", "Karina",
               "Lucas", "Mariana", "Nelson", "Patrícia", "Rafael", "Sofia", "Thiago", "Vanessa", "Wagner", "Yasmin",
               "Renata", "Otávio", "Luíza", "Marcos", "Priscila", "Sérgio", "Tatiane", "Caio", "Débora"]
FIRST_NAMES_EN = ["Emily", "Michael", "Sarah", "David", "Laura", "James", "Olivia", "Daniel", "Hannah", "Kevin",
                  "Grace", "Ryan", "Chloe", "Adam", "Megan", "Paulo", "Lucia", "Marco", "Julia", "Pedro"]


def _money(rng: random.Random) -> str:
    return f"R$ {brl(rng.randrange(1990, 289990, 10))}"


def _money_en(rng: random.Random) -> str:
    cents = rng.randrange(1990, 289990, 10)
    return rng.choice([f"R$ {cents // 100}.{cents % 100:02d}", f"R${cents // 100}",
                       f"BRL {cents // 100}.{cents % 100:02d}"])


def _day(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}"


def _order(rng: random.Random) -> str:
    return rng.choice(["#", "", "nº ", "n. "]) + str(rng.randrange(1_000_000, 99_999_999))


def _order_en(rng: random.Random) -> str:
    return rng.choice(["#", "", "no. "]) + str(rng.randrange(1_000_000, 99_999_999))


def _email(rng: random.Random) -> str:
    name = strip_accents(rng.choice(FIRST_NAMES + FIRST_NAMES_EN)).lower()
    separator, number = rng.choice(["", ".", "_"]), rng.randint(7, 99)
    return f"{name}{separator}{number}@{rng.choice(['example.com', 'example.org', 'example.net'])}"


TICKET_SLOTS_PT: dict[str, Callable[[random.Random], str]] = {
    "pedido": _order, "valor": _money, "valor2": _money, "data": _day, "dias": lambda r: str(r.randint(2, 25)),
    "device": lambda r: r.choice(DEVICES),
    "plano": lambda r: r.choice(PLANS), "cidade": lambda r: r.choice(CITIES_TICKET),
    "final": lambda r: f"{r.randrange(10000):04d}", "n": lambda r: str(r.choice([20, 35, 40, 50, 90, 120])),
    "mes": lambda r: r.choice(MONTHS_PT), "categoria": lambda r: r.choice(CATEGORIES)[0],
    "seguidores": lambda r: str(r.choice([15, 40, 85, 120, 300, 650])), "anos": lambda r: str(r.randint(2, 12)),
    "versao": lambda r: f"{r.randint(4, 7)}.{r.randint(0, 19)}.{r.randint(0, 9)}",
    "email": _email,
}
TICKET_SLOTS_EN: dict[str, Callable[[random.Random], str]] = {
    **TICKET_SLOTS_PT, "pedido": _order_en, "valor": _money_en, "valor2": _money_en,
    "device": lambda r: r.choice(DEVICES_EN),
    "mes": lambda r: r.choice(MONTHS_EN), "categoria": lambda r: r.choice(CATEGORIES)[1],
}

# queue: (share of tickets, confusable queues, Portuguese statements, English statements,
#         Portuguese details, English details). A ticket states one or two of its queue's statements.
QUEUES = {
    "entrega": (14.0, ("reclamacao", "reembolso", "dados_cadastrais"), [
        "meu pedido {pedido} [está atrasado|ainda não chegou|não chegou até agora] e o prazo [era|terminava] {data}",
        "o rastreio [não atualiza|está parado|não mostra nada] há {dias} dias [em {cidade}|no centro de distribuição|]",
        "[consta como entregue|o app diz que foi entregue] mas eu não recebi [nada|o pacote|a encomenda]",
        "a transportadora [não encontrou|disse que não achou] meu endereço[ em {cidade}|] [e devolveu o pacote|]",
        "o entregador [veio|passou] [quando eu não estava|fora do horário combinado] e não deixou [aviso|recado]",
        "o pacote chegou [amassado|violado|todo molhado] e [faltou um item|{o_produto} veio [quebrado|com defeito]]",
        "[comprei|pedi] {o_produto} com entrega expressa e já [se passaram|são] {dias} dias",
        "posso [mudar o endereço de entrega|retirar na agência dos Correios] do pedido {pedido}?",
        "o pedido foi [dividido em dois|enviado em duas caixas] e só chegou [uma|metade]",
        "[a previsão de entrega|a data prevista] mudou [três vezes|de novo] e {o_produto} não [chega|aparece]",
        "o código de rastreio [não existe no site da transportadora|dá objeto não encontrado]",
        "[recebi|chegou] o pedido de outra pessoa no lugar {do_produto} que comprei",
    ], [
        "my order {pedido} is [late|still not here], it was due on {data}",
        "tracking hasn't [moved|updated] in {dias} days[ and it's stuck in {cidade}|]",
        "it says delivered but I never [got|received] [it|the package]",
        "the courier [couldn't find|says they can't find] my address",
        "the box arrived [damaged|crushed|already opened] and the {produto} is broken",
        "can I change the delivery address for order {pedido}?",
        "only [half of|part of] my order arrived[, the rest is missing|]",
        "the estimated delivery date keeps [changing|moving] and my {produto} [never shows up|is still not here]",
        "the tracking code doesn't work on the carrier's website",
    ], [
        "O endereço está certo no cadastro.", "Moro em {cidade}.",
        "[Ninguém|O porteiro] [recebeu nada|não viu entregador].",
        "Preciso do produto até [sexta|o fim de semana].", "O número do pedido é {pedido}.",
        "Paguei [frete expresso|o frete] à parte.",
    ], [
        "My address on file is correct.", "I live in {cidade}.", "I need it by [Friday|the weekend].",
        "I paid for [express shipping|shipping] separately.", "The order number is {pedido}.",
    ]),
    "cobranca": (12.5, ("reembolso", "nota_fiscal", "seguranca", "cancelamento"), [
        "fui cobrado [duas vezes|em dobro] [pelo mesmo pedido|pela mesma compra] {pedido}",
        "apareceu uma cobrança de {valor} [na minha fatura|no meu cartão] que eu não [reconheço|entendi]",
        "o valor cobrado ({valor}) está [diferente do|maior que o] [que apareceu no carrinho|anunciado|combinado]",
        "o boleto [venceu|está vencido] e [não consigo gerar outro|o site não deixa emitir a segunda via]",
        "paguei o boleto [dia {data}|semana passada] e o pedido [continua aguardando pagamento|ainda consta em aberto]",
        "as parcelas [vieram|estão] com juros mas a compra era [sem juros|em 10x sem juros]",
        "a mensalidade do plano {plano} [veio duplicada|veio com valor maior que o contratado|subiu sem aviso]",
        "fiz o pagamento por pix [e o sistema não reconheceu|mas o pedido não foi liberado]",
        "o cartão foi debitado mas [a compra aparece como recusada|o pedido não foi criado]",
        "quero [entender|uma explicação sobre] [essa taxa|essa tarifa] de {valor} que veio na [fatura|cobrança]",
        "a cobrança da renovação[ do plano {plano}| da assinatura|] [veio antes da data|caiu antes do vencimento]",
        "[preciso|gostaria de] [parcelar|renegociar] [um débito|uma fatura em atraso] de {valor}",
    ], [
        "I was charged [twice|two times] for [order {pedido}|the same order]",
        "there's a {valor} charge on my [card|statement] that I don't [recognize|understand]",
        "the amount charged ({valor}) is [different from|higher than] [the price at checkout|what the listing said]",
        "my boleto expired and I can't [generate|get] a new one",
        "I paid [by pix|the boleto] [on {data}|last week] but the order still says awaiting payment",
        "the installments came with interest but it was [supposed to be|advertised as] interest-free",
        "my {plano} plan was [billed twice this month|charged more than the contracted price]",
        "money left my account but the [order was never created|purchase shows as declined]",
        "what is this {valor} fee on my bill?",
    ], [
        "Meu cartão é o final {final}.", "Segue o comprovante em anexo.", "Já conferi no app do banco.",
        "O valor certo seria {valor2}.", "Isso aconteceu [no dia {data}|ontem|hoje cedo].",
    ], [
        "My card ends in {final}.", "The receipt is attached.", "I checked it in my banking app.",
        "It should have been {valor2}.", "This happened [on {data}|yesterday|this morning].",
    ]),
    "acesso": (11.0, ("seguranca", "bug_tecnico", "dados_cadastrais"), [
        "não consigo [entrar|fazer login|acessar] na minha conta [pelo app|pelo site|]",
        "[esqueci a senha|esqueci minha senha] e o [e-mail|link] de [recuperação|redefinição] não chega",
        "o código de verificação [por SMS|por e-mail|] [não chega|demora e expira]",
        "minha conta [foi bloqueada|ficou bloqueada] depois de [errar a senha|algumas tentativas]",
        "aparece [usuário ou senha inválidos|senha incorreta] mas [tenho certeza que está certa|acabei de trocar]",
        "o login com [Google|Apple|Facebook] [não funciona mais|parou de funcionar]",
        "troquei de celular e [não consigo validar o acesso|o app pede um código que não recebo]",
        "o link para redefinir a senha [diz que expirou|dá erro quando clico]",
        "fico preso na tela de login [do app|do site] [depois da atualização|]",
        "a verificação em duas etapas [não aceita o código|me trancou fora da conta]",
        "[o sistema diz que|aparece que] meu e-mail não está cadastrado, mas eu [tenho conta|já comprei] com ele",
    ], [
        "I can't [log in|sign in] to my account[ on the app|]",
        "I forgot my password and the reset email never [arrives|comes]",
        "the verification code [never comes|expires before I get it]",
        "my account got locked after [a few|too many] failed attempts",
        "it says wrong password but I [just reset it|am sure it's right]",
        "[Google|Apple] sign-in stopped working",
        "I [got|switched to] a new phone and now I can't [verify my login|get past the verification step]",
        "the password reset link [says it has expired|doesn't work|opens an error page][ every time|]",
    ], [
        "Meu usuário é o e-mail [{email}|cadastrado].", "Já tentei [limpar o cache|reinstalar o app|outro navegador].",
        "Estou usando [um|o] {device}.", "Preciso acessar [hoje|com urgência] para ver [meus pedidos|uma compra].",
    ], [
        "My username is [{email}|my email].", "I already tried [clearing the cache|reinstalling the app].",
        "I'm on [a|an|my] {device}.", "I need access [today|urgently] to check [my orders|a purchase].",
    ]),
    "reembolso": (10.0, ("cancelamento", "cobranca", "entrega"), [
        "devolvi {o_produto} [há {dias} dias|no dia {data}] e o reembolso [ainda não caiu|não apareceu]",
        "o estorno de {valor} [não apareceu na fatura|ainda não foi feito|não voltou para o cartão]",
        "[cancelaram|vocês cancelaram] meu pedido [por falta de estoque|sem avisar] e "
        "[não devolveram o dinheiro|o dinheiro não voltou]",
        "recebi só {valor} de reembolso mas paguei {valor2}",
        "quero o reembolso [via pix|na conta|no cartão] em vez de [vale-compra|crédito na loja]",
        "qual o prazo para o [estorno|reembolso] [no cartão de crédito|do boleto|do pix]?",
        "a coleta da devolução foi feita e até agora [nada de reembolso|ninguém falou do dinheiro]",
        "o reembolso foi aprovado [mas|porém] o valor [não voltou|não caiu na minha conta]",
        "mandei {o_produto} de volta pelos Correios e [o estorno não saiu|não recebi o dinheiro]",
        "[o app mostra|aparece] reembolso concluído mas [o banco não recebeu nada|não caiu nada no extrato]",
    ], [
        "I returned the {produto} {dias} days ago and still [no refund|haven't been refunded]",
        "the {valor} refund hasn't shown up on my card",
        "you cancelled my order [because it was out of stock|without telling me] and I didn't get my money back",
        "I only got {valor} back but I paid {valor2}",
        "I want the refund [to my bank account|by pix] instead of store credit",
        "how long does a refund take to reach my [credit card|bank account][ after the return|]?",
        "the return was picked up [last week|{dias} days ago] and [there's no refund yet|nobody mentioned my money]",
        "the app says refund completed but nothing [reached my bank|shows on my statement]",
    ], [
        "O código da devolução é {pedido}.", "Paguei [no cartão de crédito|com pix|no boleto].",
        "[A loja|O atendente] prometeu o estorno em [5|7|10] dias úteis.", "O valor total foi {valor}.",
    ], [
        "The return code is {pedido}.", "I paid [by credit card|with pix|with a boleto].",
        "[Your agent|The store] promised the refund within [5|7|10] business days.", "The total was {valor}.",
    ]),
    "cancelamento": (9.5, ("reembolso", "cobranca", "bug_tecnico"), [
        "quero cancelar o pedido {pedido} [antes do envio|que ainda não foi enviado]",
        "[desisti da compra|me arrependi da compra] e quero cancelar "
        "[dentro dos 7 dias|pelo direito de arrependimento]",
        "quero cancelar [minha assinatura|o plano {plano}] [antes da renovação|e não ser mais cobrado]",
        "cancelei o pedido [pelo app|pelo site] mas [ele continua ativo|ainda aparece como em separação]",
        "como faço para [cancelar|desligar] a renovação automática do plano {plano}?",
        "comprei [sem querer|duas vezes] {o_produto} e preciso cancelar um dos pedidos",
        "não quero mais {o_produto}, [podem cancelar|por favor cancelem] [o pedido|a compra]",
        "o botão de cancelar [não aparece|sumiu] no pedido {pedido}",
        "[pedi|solicitei] o cancelamento [há {dias} dias|na semana passada] e [não tive confirmação|nada aconteceu]",
        "encontrei {o_produto} mais barato e quero cancelar [a compra|o pedido] [enquanto dá tempo|hoje]",
    ], [
        "please cancel order {pedido} before it ships",
        "I changed my mind and want to cancel [my order|the purchase]",
        "I want to cancel my {plano} subscription before it renews",
        "I cancelled [in the app|on the website] but the order is still [active|being processed]",
        "how do I turn off auto-renewal for the {plano} plan?",
        "I ordered the {produto} twice by mistake, please cancel one of them",
        "the cancel button is missing on order {pedido}",
        "I asked for a cancellation {dias} days ago and never got a confirmation",
    ], [
        "O pedido ainda não saiu para entrega.", "Comprei [ontem|hoje de manhã|anteontem].",
        "Não quero receber cobrança nenhuma.", "Quero a confirmação por e-mail.",
    ], [
        "The order hasn't shipped yet.", "I bought it [yesterday|this morning].",
        "I don't want to be charged anything.", "Please confirm by email.",
    ]),
    "bug_tecnico": (9.0, ("acesso", "cobranca", "cancelamento"), [
        "o app [fecha sozinho|trava] quando [abro o carrinho|tento pagar|vou em meus pedidos]",
        "o site dá [erro 500|erro inesperado|tela branca] na hora de [finalizar a compra|aplicar o cupom]",
        "depois da [última atualização|versão nova] o app [não abre mais|fica carregando para sempre]",
        "o botão [de finalizar|de pagar|comprar agora] não [responde|faz nada]",
        "o carrinho [esvazia sozinho|perde os itens] quando [troco de página|atualizo a tela]",
        "as notificações [chegam repetidas|não chegam mais] no {device}",
        "a [busca|página de produto] [não carrega as imagens|mostra o preço errado|fica em branco]",
        "o app mostra sem conexão mas [minha internet está funcionando|o wi-fi está ok]",
        "a tela de pagamento fica girando e [não conclui|dá tempo esgotado]",
        "o filtro de [tamanho|preço|marca] não funciona [no site|no app] e mostra [tudo misturado|resultado vazio]",
        "o mapa da loja mais próxima [não abre|mostra endereço errado] no {device}",
    ], [
        "the app [crashes|freezes] when I [open the cart|try to pay|open my orders]",
        "the website [throws a 500 error|shows a blank page] at checkout",
        "after the [latest update|new version] the app won't open on my {device}",
        "the [checkout|pay now] button does nothing[ when I tap it| on {device}|]",
        "my cart empties itself when I [refresh the page|switch tabs|log in again]",
        "images don't load on product pages[ since yesterday| on {device}|]",
        "the search filters don't work and show [nothing|random results]",
        "push notifications [arrive twice|stopped arriving] on my {device}",
    ], [
        "Estou no {device}, versão {versao} do app.", "Já [reinstalei|limpei o cache|troquei de navegador].",
        "Acontece [sempre|toda vez|às vezes].", "Tirei print do erro.",
    ], [
        "I'm on {device}, app version {versao}.", "I already [reinstalled|cleared the cache|tried another browser].",
        "It happens [every time|sometimes].", "I have a screenshot of the error.",
    ]),
    "duvida_produto": (8.0, ("entrega", "reclamacao"), [
        "!e {o_produto} é [bivolt|110 V ou 220 V]?",
        "!e {o_produto} [vem com|acompanha] [manual em português|cabo de energia|algum acessório]?",
        "qual [o tamanho|a medida|a diferença entre os dois modelos] {do_produto}?",
        "!c {o_produto} é compatível com [o|meu] {device}?",
        "{esse_produto} tem garantia de quanto tempo?",
        "quando {o_produto} volta ao estoque?",
        "!n qual o material {do_produto}? [é à prova d'água|pode lavar na máquina]?",
        "{esse_produto} [serve para|aguenta] [uso profissional|uso diário|uso intenso]?",
        "!c {o_produto} [vem com|acompanha] carregador?",
        "{o_produto} [tem|vem com] nota fiscal e garantia do fabricante?",
        "[a cor|o tamanho] [da foto|do anúncio] {do_produto} é [igual ao real|fiel]?",
    ], [
        "!e is the {produto} dual voltage?",
        "!e does the {produto} come with a manual in Portuguese?",
        "!c is the {produto} compatible with my {device}?",
        "!c does the {produto} come with a charger?",
        "when will the {produto} be back in stock?",
        "what's the difference between the two {produto} models?",
        "!n is the {produto} waterproof?",
        "how long is the warranty on the {produto}?",
    ], [
        "Quero comprar [ainda hoje|esta semana].", "É para presente.", "Não achei essa informação no anúncio.",
    ], [
        "I'd like to buy it [today|this week].", "It's a gift.", "I couldn't find this in the listing.",
    ]),
    "dados_cadastrais": (7.0, ("acesso", "seguranca", "entrega"), [
        "preciso [atualizar|alterar|trocar] [meu endereço|o endereço de cobrança] [no cadastro|]",
        "mudei de [telefone|número de celular] e quero atualizar no cadastro",
        "meu nome está [escrito errado|com erro de grafia] no cadastro",
        "o CPF no meu cadastro está com um dígito errado",
        "quero trocar o e-mail da conta para [um novo|outro endereço]",
        "como faço para excluir meus dados [conforme a LGPD|pela LGPD]?",
        "quero [saber quais dados vocês têm sobre mim|uma cópia dos meus dados pessoais]",
        "[casei|me divorciei] e [mudei de sobrenome|preciso atualizar meu nome]",
        "não consigo salvar a data de nascimento no perfil",
        "quero parar de receber [e-mails de marketing|SMS de promoções] e remover meu telefone da lista",
    ], [
        "I need to update my [address|billing address|delivery address][ before my next order|]",
        "I have a new phone number, please update [my profile|it on my account]",
        "my [name|last name] is [misspelled|spelled wrong] on my [account|profile|orders]",
        "how can I change the email on my account to [a new one|{email}]?",
        "[please|I want you to] delete [my personal data|all my data][ under LGPD|, as the LGPD allows|]",
        "I'd like [a copy of|to see] the personal data you [store|keep] about me",
        "I [got married|got divorced] and need to [change|update] my last name[ on my account|]",
    ], [
        "O novo e-mail é {email}.", "Me mudei para {cidade}.", "Não encontrei essa opção no app.",
    ], [
        "The new email is {email}.", "I moved to {cidade}.",
        "I couldn't find [this option|where to do it] in the [app|website].",
    ]),
    "nota_fiscal": (6.0, ("cobranca", "dados_cadastrais"), [
        "não recebi a nota fiscal do pedido {pedido}",
        "a nota fiscal [saiu|veio] com [o CNPJ errado|meu nome errado|o endereço antigo]",
        "preciso da nota [no CNPJ da minha empresa|em nome da empresa] [para a contabilidade|para reembolso interno]",
        "[o XML|o arquivo XML] da NF-e [não veio no e-mail|não abre]",
        "a [DANFE|nota] está com [valor diferente do pago|o frete errado]",
        "onde consigo baixar a segunda via da nota fiscal?",
        "a nota fiscal de serviço do plano {plano} de {mes} não foi emitida",
        "preciso corrigir a inscrição estadual [na nota|na NF-e] do pedido {pedido}",
        "a nota veio sem o desconto [do cupom|da promoção] que eu usei",
    ], [
        "I didn't get the [invoice|tax invoice|nota fiscal] for order {pedido}",
        "the invoice has [the wrong company ID|my old address|my name misspelled]",
        "I need the [invoice|nota fiscal] issued to my "
        "company[ for accounting| so I can expense it| for our bookkeeping][, order {pedido}|]",
        "[where|how] can I [download|get] the [invoice|nota fiscal] [XML|PDF|file][ for order {pedido}|]?",
        "the [invoice|nota fiscal] amount [doesn't match|is different from] what I paid[ ({valor})|]",
    ], [
        "O pedido foi [entregue|pago] [ontem|semana passada].", "A contabilidade precisa até [sexta|o dia {data}].",
    ], [
        "[Accounting|My accountant] needs it by [Friday|{data}|the end of the month].",
        "The order was [delivered|paid] [last week|on {data}].",
    ]),
    "reclamacao": (5.5, ("entrega", "reembolso", "cancelamento"), [
        "[é a terceira vez|é a quarta vez|já é a segunda vez] que entro em contato [sobre {motivo}|] e "
        "[ninguém resolve|nada acontece]",
        "[péssimo|horrível|vergonhoso] atendimento, fiquei {n} minutos [esperando no chat|na linha] "
        "[para nada|sem resposta]",
        "vou [registrar reclamação no|abrir uma queixa no] [Procon|Reclame Aqui|consumidor.gov.br] se não resolverem "
        "{motivo}",
        "o atendente [foi grosso|desligou na minha cara|encerrou o chat sem resolver]",
        "estou [muito insatisfeito|muito insatisfeita|decepcionado|decepcionada] com a [loja|empresa] depois do "
        "problema com {motivo}",
        "prometeram [retorno em 24 horas|me ligar] e [nunca ligaram|ninguém retornou]",
        "cada atendente fala uma coisa diferente e [o problema continua|eu continuo sem solução]",
        "quero falar com [um supervisor|a ouvidoria|um gerente] [agora|hoje] sobre {motivo}",
        "nunca mais compro [aqui|com vocês], [o descaso|a falta de respeito] com o cliente é [absurdo|inacreditável]",
    ], [
        "this is the third time I'm contacting you [about {motivo_en}|] and nobody [fixes it|helps]",
        "terrible service, I waited {n} minutes on [chat|the phone] for nothing",
        "I'll file a complaint with [Procon|Reclame Aqui] if you don't sort out {motivo_en}",
        "the agent was [rude|dismissive] and [closed the chat|hung up] without solving anything",
        "I want to speak to a [supervisor|manager] about {motivo_en}[ today|]",
        "you promised to [call me back|reply within 24 hours] and nobody ever did",
    ], [
        "Tenho todos os protocolos anotados.", "Estou perdendo a paciência.", "Quero uma resposta por escrito.",
    ], [
        "I have all the ticket numbers written down.", "I'm losing my patience.", "I want an answer in writing.",
    ]),
    "seguranca": (4.0, ("acesso", "cobranca", "dados_cadastrais"), [
        "acho que minha conta foi [invadida|hackeada]",
        "[recebi|chegou] um e-mail [se passando por vocês|falso com o logo de vocês] pedindo [meus dados|minha senha]",
        "alguém [alterou|trocou] [o e-mail|a senha|o endereço] da minha conta sem eu [saber|autorizar]",
        "[fizeram|apareceram] compras na minha conta que eu não fiz",
        "recebi um código de verificação que eu não pedi[ e depois um alerta de novo acesso|]",
        "[um golpista|alguém] me ligou dizendo ser da [empresa|central de vocês] e pediu [o código|um pix]",
        "meu cartão salvo na conta foi usado [sem autorização|por outra pessoa]",
        "recebi um SMS com link [suspeito|estranho] sobre [um pedido|uma entrega] que não fiz",
        "vi um acesso à minha conta [de outro estado|de um aparelho desconhecido] [ontem à noite|de madrugada]",
    ], [
        "I think my account was [hacked|compromised][ yesterday|, my orders look strange|]",
        "I got a phishing email pretending to be you and asking for my password",
        "someone changed my [password|email|delivery address] without my permission",
        "there are orders on my account that I didn't place",
        "I received a login code I never requested",
        "someone called claiming to be your support and asked for my code",
        "I see a sign-in from [an unknown device|another state] last night",
    ], [
        "Já troquei a senha por precaução.", "Não passei meu código para ninguém.", "Bloqueiem a conta até resolver.",
    ], [
        "I already changed my password just in case.", "I never shared my code.",
        "Please lock the account until this is solved.",
    ]),
    "parceria": (3.5, ("duvida_produto",), [
        "[sou|tenho uma] [loja|marca] de {categoria} e quero vender no marketplace de vocês",
        "gostaria de apresentar uma proposta de parceria [comercial|de divulgação]",
        "sou [influenciador|criadora de conteúdo|afiliado] com {seguidores} mil seguidores e quero "
        "[divulgar os produtos|uma parceria]",
        "vocês trabalham com [venda no atacado|revenda|compras corporativas]?",
        "[temos|represento] uma transportadora [regional|de {cidade}] e queremos oferecer "
        "[nossos serviços|fretes mais baratos]",
        "como funciona o programa de afiliados [de vocês|]?",
        "quero integrar minha loja ao marketplace via API [como lojista|]",
        "[sou fornecedor|represento um fabricante] de {categoria} e gostaria de [cadastrar|oferecer] nossos produtos",
    ], [
        "I run a {categoria} brand and would like to sell on your marketplace",
        "we'd like to propose a [business partnership|co-marketing campaign]",
        "I'm a content creator with {seguidores}k followers, interested in a partnership",
        "do you offer [wholesale|corporate purchasing|bulk discounts][ for companies|]?",
        "how does your affiliate program work[ for small creators|]?",
        "we're a [logistics company|carrier] from {cidade} and would like to offer our services",
    ], [
        "Posso enviar nosso catálogo.", "Temos CNPJ e emitimos nota.", "Qual o melhor contato comercial?",
    ], [
        "I can send our catalog.", "Who is the best commercial contact?", "We have been in business for {anos} years.",
    ]),
}
MOTIVES = (["a entrega", "o reembolso", "a cobrança", "o cancelamento", "meu pedido", "a troca"],
           ["the delivery", "my refund", "the charge", "the cancellation", "my order", "the exchange"])
OPENERS = (["Olá,", "Oi,", "Bom dia,", "Boa tarde!", "Boa noite.", "Prezados,", "Olá, equipe.", "Oi, tudo bem?",
            "Bom dia, pessoal.", "Olá, boa tarde.", "Oi pessoal,", "Socorro!", "Boa tarde, tudo certo?", "Alô,"],
           ["Hi,", "Hello,", "Hey,", "Good morning,", "Hi team,", "Dear support,", "Hello there,", "Good afternoon,",
            "Hi, hope you're well.", "Hey there,", "Hi support,", "Morning,", "Hello team,", "Good evening,"])
CONTEXTS = (["Sou cliente há {anos} anos.", "Comprei pelo [app|site] [semana passada|no mês passado|ontem].",
             "Já falei com vocês pelo chat.", "Escrevo em nome da minha mãe.", "Tentei pelo telefone e não consegui.",
             "[Uso|Tenho] o plano {plano}."],
            ["I've been a customer for {anos} years.", "I bought it on the [app|website] last week.",
             "I already talked to you on chat.", "I'm writing on behalf of my mother.", "I'm on the {plano} plan."])
MOODS = (["Estou muito chateado.", "Preciso disso resolvido hoje.", "Por favor, me ajudem.", "É urgente!",
          "Conto com vocês.", "Já estou ficando sem paciência."],
         ["This is really frustrating.", "I need this sorted today.", "Please help.", "It's urgent!",
          "Counting on you."])
CLOSERS = (["Obrigado.", "Obrigada!", "Aguardo retorno.", "Fico no aguardo.", "Desde já agradeço.", "Att.", "Abs,",
            "Valeu!", "Grata.", "Aguardo uma solução.", "Obg"],
           ["Thanks.", "Thank you!", "Looking forward to your reply.", "Regards,", "Cheers,", "Thanks in advance.",
            "Best,", "Thx", "Kind regards,", "Many thanks.", "Please advise.", "Appreciate it."])
# Internet spelling of Portuguese, as customers write it.
SHORTHAND_PT = [(r"\bvocês\b", "vcs"), (r"\bvocê\b", "vc"), (r"\bporque\b", "pq"), (r"\bque\b", "q"),
                (r"\bnão\b", "n"), (r"\btambém\b", "tb"), (r"\bpara\b", "pra"), (r"\bestá\b", "tá"),
                (r"\bobrigado\b", "obg"), (r"\bpor favor\b", "pfv")]
SHORTHAND_EN = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\bI'm\b", "im"),
                (r"\bdon't\b", "dont"), (r"\bcan't\b", "cant")]


def _typos(rng: random.Random, text: str, rate: float) -> str:
    """Swap, drop or double a letter in a few words: what fast typing on a phone does."""
    words = text.split(" ")
    for index, word in enumerate(words):
        if len(word) > 4 and word.isalpha() and rng.random() < rate:
            at = rng.randrange(1, len(word) - 2)
            kind = rng.randrange(3)
            if kind == 0:
                word = word[:at] + word[at + 1] + word[at] + word[at + 2:]
            elif kind == 1:
                word = word[:at] + word[at + 1:]
            else:
                word = word[:at] + word[at] + word[at:]
            words[index] = word
    return " ".join(words)


def _ticket(rng: random.Random, queue: str, english: bool) -> tuple[str, str]:
    """A ticket's text, and its first statement (tickets that share it are checked for near duplicates)."""
    _, near, statements_pt, statements_en, details_pt, details_en = QUEUES[queue]
    lang = 1 if english else 0
    statements = statements_en if english else statements_pt
    fitting: list = []
    while not fitting:
        said = rng.sample(statements, 2 if rng.random() < 0.35 else 1)
        if rng.random() < 0.6:
            said.append(rng.choice(details_en if english else details_pt))
        if rng.random() < 0.16:  # real tickets often raise a second, related matter
            other = QUEUES[rng.choice(near)]
            said.insert(rng.randrange(len(said) + 1), rng.choice(other[3] if english else other[2]))
        # "!e", "!c", "!n" mark a statement that only fits some products (no charger for a bed sheet)
        needs = {statement[1] for statement in said if statement.startswith("!")}
        fitting = [product for product in PRODUCTS if needs <= set(product[3])]
    said = [statement[3:] if statement.startswith("!") else statement for statement in said]
    name, gender, name_en, _ = rng.choice(fitting)  # one product, order, device, plan... per ticket
    slots = dict(TICKET_SLOTS_EN if english else TICKET_SLOTS_PT)
    article, this = ("o", "esse") if gender == "m" else ("a", "essa")
    for key, value in (("device", slots["device"](rng)), ("plano", rng.choice(PLANS)), ("email", _email(rng)),
                       ("pedido", slots["pedido"](rng)), ("dias", slots["dias"](rng)), ("cidade", slots["cidade"](rng)),
                       ("produto", name_en if english else name), ("o_produto", f"{article} {name}"),
                       ("do_produto", f"d{article} {name}"), ("esse_produto", f"{rng.choice([article, this])} {name}")):
        slots[key] = lambda r, value=value: value
    slots["motivo"] = lambda r: r.choice(MOTIVES[0])
    slots["motivo_en"] = lambda r: r.choice(MOTIVES[1])
    parts = []
    if rng.random() < 0.7:
        parts.append(rng.choice(OPENERS[lang]))
    if rng.random() < 0.3:
        parts.append(expand(rng.choice(CONTEXTS[lang]), rng, slots))
    core = [sentence(expand(statement, rng, slots)) for statement in said]
    parts += core
    if rng.random() < 0.2:
        parts.append(rng.choice(MOODS[lang]))
    if rng.random() < 0.65:
        parts.append(rng.choice(CLOSERS[lang]))
    if rng.random() < 0.3:
        parts.append(rng.choice(FIRST_NAMES_EN if english and rng.random() < 0.7 else FIRST_NAMES))
    if len(parts) > 1 and parts[0] in OPENERS[lang] and parts[0].endswith(",") and not re.match(r"I\b", parts[1]):
        parts[1] = parts[1][:1].lower() + parts[1][1:]  # "Oi, não consigo…": the greeting and the sentence are one
    text = " ".join(part for part in parts if part)
    style = rng.random()
    if style < 0.12:  # chat style: lower case, no final full stops
        text = text.lower().replace(". ", " ").rstrip(".")
    if not english and rng.random() < 0.18:
        text = strip_accents(text)
    if rng.random() < 0.2:
        for pattern, short in (SHORTHAND_EN if english else SHORTHAND_PT):
            if rng.random() < 0.5:
                text = re.sub(pattern, short, text)
    if rng.random() < 0.25:
        text = _typos(rng, text, 0.08)
    return text, strip_accents(core[0].casefold())


def make_tickets(total: int = 3000) -> bytes:
    rng = rng_for("tickets")
    shares = {queue: spec[0] for queue, spec in QUEUES.items()}
    scale = total / sum(shares.values())
    counts = {queue: round(share * scale) for queue, share in shares.items()}
    counts["entrega"] += total - sum(counts.values())
    plan = [queue for queue, count in counts.items() for _ in range(count)]
    rng.shuffle(plan)
    rows: list[tuple[str, str]] = []
    by_statement: dict[str, list[set[tuple[str, str]]]] = {}
    for queue in plan:
        english = rng.random() < 0.4
        while True:  # no near duplicates: a planted handful below is the only repetition
            text, statement = _ticket(rng, queue, english)
            pairs = word_bigrams(text)
            similar = by_statement.setdefault(statement, [])
            if all(len(pairs & other) < 0.6 * len(pairs | other) for other in similar):
                break
        similar.append(pairs)
        label = queue
        if rng.random() < 0.025:  # routed to a neighbouring queue by a tired agent
            label = rng.choice(QUEUES[queue][1])
        rows.append((text, label))
    for _ in range(6):  # a customer who sent the same message twice
        row = rows[rng.randrange(len(rows))]
        rows.insert(rng.randrange(len(rows)), row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["ticket", "fila"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# =================================================================================================
# 4. clinical_notes_sample.jsonl — full_finetune
# =================================================================================================

CLINICAL_SYSTEM = "Escreva o resumo de alta da nota, por extenso, sem abreviações, nas seções de praxe."


@dataclass(frozen=True)
class Case:
    """One admission: each field is (as a doctor abbreviates it in the note, as the summary spells it out)."""

    diagnosis: tuple[str, str]
    complaint: tuple[str, str]
    admission: tuple[str, str]
    labs: tuple[str, str]
    imaging: tuple[str, str] | None
    treatment: tuple[str, str]
    evolution: tuple[str, str]
    discharge: tuple[tuple[str, str], ...]
    follow_up: tuple[str, str]
    warning: tuple[str, str]
    days: int


def _g(sex: str, male: str, female: str) -> str:
    return male if sex == "M" else female


def _num(rng: random.Random, low: float, high: float, places: int = 1) -> str:
    return decimal_pt(rng.uniform(low, high), places)


def _side(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice([("D", "direito", "direita"), ("E", "esquerdo", "esquerda")])


def _pneumonia(rng: random.Random, sex: str) -> Case:
    short, long, _ = _side(rng)
    days_ill, temp, sat = rng.randint(3, 7), _num(rng, 38.1, 39.4), rng.randint(86, 93)
    wbc, crp = rng.randrange(12500, 21000, 100), _num(rng, 8, 26)
    antibiotic_days, oral_days = rng.randint(4, 7), rng.choice((3, 5, 7))
    azithro = rng.random() < 0.6
    return Case(
        (f"PAC em lobo inferior {short}", f"pneumonia adquirida na comunidade em lobo inferior {long}"),
        (f"tosse produtiva, febre ({temp}ºC) e dispneia há {days_ill}d",
         f"tosse com expectoração, febre de até {temp} °C e falta de ar havia {days_ill} dias"),
        (f"SatO2 {sat}% em AA, FR {rng.randint(24, 30)} irpm, crepitações em base {short}",
         f"saturação de oxigênio de {sat}% em ar ambiente, respiração acelerada e estertores na base do pulmão {long}"),
        (f"Leuco {thousands_pt(wbc)} c/ desvio à E, PCR {crp}",
         f"leucocitose de {thousands_pt(wbc)} com desvio à esquerda e proteína C-reativa de {crp} mg/dL"),
        (f"RX tórax: consolidação em LI{short}", f"radiografia de tórax com consolidação no lobo inferior {long}"),
        ("Ceftriaxona 1g EV 12/12h" + (" + Azitromicina 500mg VO 1x/d" if azithro else "") + " + O2 CN 2L/min",
         "ceftriaxona 1 g intravenosa de 12 em 12 horas"
         + (" associada a azitromicina 500 mg por via oral uma vez ao dia" if azithro else "")
         + ", além de oxigênio por cateter nasal a 2 litros por minuto"),
        (f"D{antibiotic_days} de ATB, afebril há 48h, desmame de O2 concluído, SatO2 {rng.randint(94, 98)}% em AA",
         f"completou {antibiotic_days} dias de antibiótico intravenoso, está sem febre há 48 horas e deixou de "
         "precisar de oxigênio"),
        ((f"Amoxicilina + clavulanato 875/125mg VO 12/12h por {oral_days}d",
          f"amoxicilina com clavulanato 875/125 mg por via oral de 12 em 12 horas por {oral_days} dias"),),
        ("retorno amb. CM em 7d, RX controle em 6 sem",
         "retorno ao ambulatório de clínica médica em 7 dias, com radiografia de tórax de controle em 6 semanas"),
        ("febre persistente, piora da dispneia", "febre persistente ou piora da falta de ar"),
        antibiotic_days + rng.randint(0, 1),
    )


def _pyelonephritis(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    temp = _num(rng, 38.3, 39.8)
    wbc = rng.randrange(13000, 24000, 100)
    creat, creat_end = _num(rng, 1.3, 2.2), _num(rng, 0.8, 1.1)
    days = rng.randint(3, 6)
    oral = rng.choice([("Ciprofloxacino 500mg VO 12/12h", "ciprofloxacino 500 mg por via oral de 12 em 12 horas"),
                       ("Cefuroxima 500mg VO 12/12h", "cefuroxima 500 mg por via oral de 12 em 12 horas")])
    total_days = rng.choice((7, 10, 14))
    return Case(
        ("ITU alta / pielonefrite aguda " + short, f"pielonefrite aguda à {fem}"),
        (f"disúria, polaciúria, febre ({temp}ºC) e dor lombar {short} há {rng.randint(2, 5)}d",
         f"ardência ao urinar, aumento da frequência urinária, febre de {temp} °C e dor lombar à {fem}"),
        (f"Giordano + à {short}, Tax {temp}ºC, FC {rng.randint(102, 124)} bpm",
         "punho-percussão lombar dolorosa, febre e taquicardia"),
        (f"Leuco {thousands_pt(wbc)}, Cr {creat} (basal {creat_end}), EAS: leucocitúria e nitrito +",
         f"leucocitose de {thousands_pt(wbc)}, creatinina de {creat} mg/dL e urina tipo 1 com leucocitúria e nitrito "
         "positivo"),
        ("USG rins e vias urinárias: s/ sinais de obstrução",
         "ultrassonografia de rins e vias urinárias sem sinais de obstrução"),
        ("Ceftriaxona 1g EV 12/12h, hidratação venosa vigorosa",
         "ceftriaxona 1 g intravenosa de 12 em 12 horas e hidratação venosa"),
        (f"afebril há 48h, Cr {creat_end}, urocultura: E. coli sensível a {oral[0].split()[0].lower()}",
         f"ficou sem febre há 48 horas, a creatinina voltou a {creat_end} mg/dL e a urocultura isolou Escherichia "
         f"coli sensível a {oral[1].split()[0]}"),
        ((f"{oral[0]} até completar {total_days}d de ATB",
          f"{oral[1]} até completar {total_days} dias de antibiótico"),),
        ("retorno UBS em 7-10d c/ urocultura de controle",
         "retorno à unidade básica de saúde em 7 a 10 dias, com urocultura de controle"),
        ("febre, vômitos que impeçam o uso do ATB VO", "febre ou vômitos que impeçam tomar o antibiótico por via oral"),
        days,
    )


def _heart_failure(rng: random.Random, sex: str) -> Case:
    ef = rng.choice((25, 30, 35, 38, 40))
    weight_in = rng.randint(68, 104)
    loss = rng.randint(3, 8)
    bnp = rng.randrange(900, 4200, 10)
    days = rng.randint(5, 9)
    return Case(
        ("ICC descompensada perfil B (quente-úmido), FEVE " + str(ef) + "%",
         f"insuficiência cardíaca descompensada, perfil quente e congesto, com fração de ejeção de {ef}%"),
        (f"dispneia aos mínimos esforços, ortopneia e edema de MMII há {rng.randint(5, 15)}d, má adesão à restrição "
         "hídrica",
         "falta de ar aos mínimos esforços, falta de ar ao deitar e inchaço nas pernas, com pouca adesão à restrição "
         "de líquidos"),
        (f"crepitações até terço médio bilat., edema MMII 3+/4+, TJP +, peso {weight_in} kg",
         "estertores até o terço médio de ambos os pulmões, edema importante nas pernas, turgência jugular e peso de "
         f"{weight_in} kg"),
        (f"BNP {thousands_pt(bnp)}, Na 133, K {_num(rng, 3.6, 4.8)}, Cr {_num(rng, 1.1, 1.7)}",
         f"peptídeo natriurético tipo B de {thousands_pt(bnp)} pg/mL, sódio levemente baixo e função renal estável"),
        ("RX tórax: cardiomegalia e congestão hilar bilat., derrame pleural pequeno à D",
         "radiografia de tórax com aumento da área cardíaca, congestão pulmonar e pequeno derrame pleural à direita"),
        ("Furosemida 40mg EV 12/12h, restrição hídrica 1L/d, dieta hipossódica",
         "furosemida 40 mg intravenosa de 12 em 12 horas, restrição de líquidos a 1 litro por dia e dieta com pouco "
         "sal"),
        (f"perda de {loss} kg, s/ ortopneia, edema 1+/4+, Cr estável",
         f"perdeu {loss} kg, não tem mais falta de ar ao deitar, o inchaço diminuiu e a função renal ficou estável"),
        (("Furosemida 40mg VO 1x/d", "furosemida 40 mg por via oral uma vez ao dia"),
         ("Espironolactona 25mg VO 1x/d", "espironolactona 25 mg por via oral uma vez ao dia"),
         ("Carvedilol 12,5mg VO 12/12h", "carvedilol 12,5 mg por via oral de 12 em 12 horas"),
         ("Enalapril 10mg VO 12/12h", "enalapril 10 mg por via oral de 12 em 12 horas")),
        ("retorno amb. cardiologia em 15d, pesar-se diariamente",
         "retorno ao ambulatório de cardiologia em 15 dias, pesando-se todos os dias"),
        ("ganho de peso > 2 kg em 3 dias, piora da dispneia",
         "ganho de mais de 2 kg em 3 dias ou piora da falta de ar"),
        days,
    )


def _copd(rng: random.Random, sex: str) -> Case:
    sat = rng.randint(84, 90)
    ph, pco2 = _num(rng, 7.31, 7.36, 2), rng.randint(48, 58)
    days = rng.randint(4, 7)
    return Case(
        ("DPOC exacerbado (provável etiologia infecciosa)",
         "exacerbação de doença pulmonar obstrutiva crônica, provavelmente infecciosa"),
        (f"piora da dispneia e aumento do volume e purulência do escarro há {rng.randint(3, 6)}d",
         "piora da falta de ar e aumento da quantidade e do aspecto purulento do escarro"),
        (f"SatO2 {sat}% em AA, sibilos difusos, uso de musculatura acessória",
         f"saturação de oxigênio de {sat}% em ar ambiente, chiado difuso e uso da musculatura acessória para respirar"),
        (f"Gaso: pH {ph}, pCO2 {pco2}, HCO3 {rng.randint(28, 33)}; Leuco "
         f"{thousands_pt(rng.randrange(9500, 15500, 100))}",
         f"gasometria arterial com pH de {ph} e gás carbônico de {pco2} mmHg, sem outras alterações relevantes"),
        ("RX tórax: hiperinsuflação, s/ consolidações",
         "radiografia de tórax com hiperinsuflação pulmonar e sem consolidações"),
        ("NBZ c/ Salbutamol + Ipratrópio 4/4h, Prednisona 40mg VO 1x/d, Amoxi-clav EV, O2 alvo 88-92%",
         "nebulizações com salbutamol e ipratrópio a cada 4 horas, prednisona 40 mg por via oral, amoxicilina com "
         "clavulanato intravenosa e oxigênio com alvo de saturação entre 88 e 92%"),
        (f"melhora do broncoespasmo, SatO2 {rng.randint(90, 93)}% em AA, espaçada NBZ",
         "o broncoespasmo melhorou, a saturação ficou adequada em ar ambiente e as nebulizações foram espaçadas"),
        (("Prednisona 40mg VO 1x/d por +2d", "prednisona 40 mg por via oral uma vez ao dia por mais 2 dias"),
         ("Amoxicilina + clavulanato 875/125mg VO 12/12h por 3d",
          "amoxicilina com clavulanato 875/125 mg por via oral de 12 em 12 horas por 3 dias"),
         ("Formoterol/budesonida 12/400mcg inal 12/12h",
          "formoterol com budesonida 12/400 mcg inalatório de 12 em 12 horas")),
        ("retorno amb. pneumologia em 30d, espirometria",
         "retorno ao ambulatório de pneumologia em 30 dias, com espirometria"),
        ("piora da falta de ar, sonolência, lábios arroxeados",
         "piora da falta de ar, sonolência ou lábios arroxeados"),
        days,
    )


def _cellulitis(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    limb_short, limb_long = rng.choice([("MI", "membro inferior"), ("perna", "perna")])
    limb_long_full = f"{limb_long} {long if limb_long == 'membro inferior' else fem}"
    return Case(
        (f"Celulite em {limb_short}{short if limb_short == 'MI' else ' ' + short}", f"celulite em {limb_long_full}"),
        (f"hiperemia, calor e dor em {limb_short}{short if limb_short == 'MI' else ' ' + short} há "
         f"{rng.randint(2, 6)}d, porta de entrada: intertrigo",
         f"vermelhidão, calor e dor em {limb_long_full}, tendo como porta de entrada uma micose entre os dedos"),
        (f"placa eritematosa {rng.randint(8, 20)}x{rng.randint(6, 14)} cm em face anterior de perna, s/ flutuação, "
         f"Tax {_num(rng, 37.8, 38.9)}ºC",
         "área avermelhada, quente e endurecida na face anterior da perna, sem coleção, com febre baixa"),
        (f"Leuco {thousands_pt(rng.randrange(11000, 17500, 100))}, PCR {_num(rng, 6, 18)}",
         "leucocitose discreta e proteína C-reativa elevada"),
        None,
        ("Cefazolina 1g EV 8/8h, elevação do membro, demarcação da lesão",
         "cefazolina 1 g intravenosa de 8 em 8 horas, elevação do membro e demarcação da lesão"),
        ("regressão da hiperemia além da demarcação, afebril há 72h",
         "a vermelhidão regrediu além da área demarcada e está sem febre há 72 horas"),
        (("Cefalexina 500mg VO 6/6h por 7d", "cefalexina 500 mg por via oral de 6 em 6 horas por 7 dias"),
         ("Cetoconazol creme 2x/d em interdígitos", "cetoconazol creme duas vezes ao dia entre os dedos dos pés")),
        ("retorno UBS em 5-7d p/ reavaliação da lesão",
         "retorno à unidade básica de saúde em 5 a 7 dias para reavaliar a lesão"),
        ("aumento da vermelhidão, bolhas, febre", "aumento da área avermelhada, bolhas ou febre"),
        rng.randint(3, 5),
    )


def _dka(rng: random.Random, sex: str) -> Case:
    glucose = rng.randint(380, 620)
    ph, bicarb = _num(rng, 7.05, 7.24, 2), rng.randint(6, 13)
    nph = rng.choice((14, 18, 20, 24, 28))
    return Case(
        ("CAD moderada (DM descompensado, má adesão à insulina)",
         "cetoacidose diabética moderada por diabetes descompensado e uso irregular de insulina"),
        (f"poliúria, polidipsia, náuseas e dor abdominal há {rng.randint(2, 4)}d, suspendeu insulina",
         "urina em excesso, muita sede, náuseas e dor abdominal, depois de interromper a insulina"),
        (f"desidratado 2+/4+, taquipneico (Kussmaul), HGT {glucose} mg/dL",
         f"desidratação moderada, respiração profunda e acelerada e glicemia capilar de {glucose} mg/dL"),
        (f"Gaso: pH {ph}, HCO3 {bicarb}, ânion gap {rng.randint(20, 28)}; cetonemia +; K {_num(rng, 4.8, 5.9)}",
         f"gasometria com pH de {ph}, bicarbonato de {bicarb} mEq/L, ânion gap aumentado e cetonas no sangue"),
        None,
        ("protocolo CAD: SF 0,9% 1L/h inicial, insulina regular EV em BIC 0,1 UI/kg/h, reposição de K",
         "protocolo de cetoacidose com soro fisiológico, insulina regular contínua intravenosa em bomba de infusão e "
         "reposição de potássio"),
        ("resolução da CAD em 24h, transição p/ insulina SC, aceitando dieta",
         "a cetoacidose se resolveu em 24 horas, fez a transição para insulina subcutânea e está se alimentando bem"),
        ((f"Insulina NPH {nph} UI SC manhã e {nph // 2} UI à noite",
          f"insulina NPH {nph} unidades subcutâneas pela manhã e {nph // 2} unidades à noite"),
         ("Insulina regular SC conforme HGT (esquema)",
          "insulina regular subcutânea conforme a glicemia capilar, segundo o esquema entregue")),
        ("retorno amb. endocrinologia em 15d c/ mapa glicêmico, educação em DM",
         "retorno ao ambulatório de endocrinologia em 15 dias com registro das glicemias e participação na educação "
         "em diabetes"),
        ("HGT > 300 persistente, vômitos, dor abdominal",
         "glicemias acima de 300 mg/dL persistentes, vômitos ou dor abdominal"),
        rng.randint(3, 5),
    )


def _stroke(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    nihss_in, nihss_out = rng.randint(3, 8), rng.randint(0, 2)
    hours = rng.randint(6, 20)
    return Case(
        (f"AVCi em território de ACM {short} (TOAST: aterotrombótico)",
         f"acidente vascular cerebral isquêmico no território da artéria cerebral média {fem}, de origem "
         "aterotrombótica"),
        (f"hemiparesia {'E' if short == 'D' else 'D'} e disartria, ictus há {hours}h (fora de janela p/ trombólise)",
         f"fraqueza no lado {'esquerdo' if short == 'D' else 'direito'} do corpo e fala arrastada, com início {hours} "
         "horas antes da chegada, fora da janela para trombólise"),
        (f"NIHSS {nihss_in}, PA {rng.randint(160, 190)}x{rng.randint(90, 110)} mmHg",
         f"escala de AVC do NIH de {nihss_in} pontos e pressão arterial elevada"),
        (f"LDL {rng.randint(130, 190)}, HbA1c {_num(rng, 5.6, 7.8)}%, ECG: RS s/ alterações agudas",
         "colesterol LDL elevado e eletrocardiograma em ritmo sinusal, sem alterações agudas"),
        (f"TC crânio: hipodensidade em território de ACM {short}, s/ transformação hemorrágica; Doppler carótidas: "
         f"estenose {rng.randint(30, 49)}% à {short}",
         f"tomografia de crânio com área isquêmica no território da artéria cerebral média {fem}, sem sangramento, e "
         "ultrassom das carótidas com estenose moderada"),
        ("AAS 300mg ataque → 100mg/d, Atorvastatina 80mg, fisioterapia motora e fono",
         "ácido acetilsalicílico em dose de ataque e depois 100 mg ao dia, atorvastatina 80 mg, fisioterapia motora e "
         "fonoaudiologia"),
        (f"NIHSS {nihss_out}, deambulando c/ apoio, deglutição liberada pela fono",
         f"a escala de AVC do NIH caiu para {nihss_out} pontos, passou a caminhar com apoio e teve a deglutição "
         "liberada pela fonoaudiologia"),
        (("AAS 100mg VO 1x/d após almoço", "ácido acetilsalicílico 100 mg por via oral uma vez ao dia após o almoço"),
         ("Atorvastatina 80mg VO à noite", "atorvastatina 80 mg por via oral à noite")),
        ("retorno amb. neurologia em 30d, fisioterapia e fono ambulatoriais",
         "retorno ao ambulatório de neurologia em 30 dias e continuidade da fisioterapia e da fonoaudiologia"),
        ("nova fraqueza, alteração da fala ou desvio de rima", "nova fraqueza, dificuldade para falar ou boca torta"),
        rng.randint(5, 9),
    )


def _atrial_fibrillation(rng: random.Random, sex: str) -> Case:
    hr = rng.randint(128, 168)
    score = rng.randint(2, 5)
    return Case(
        ("FA de alta resposta ventricular, CHA2DS2-VASc " + str(score),
         f"fibrilação atrial com resposta ventricular elevada, com escore CHA2DS2-VASc de {score}"),
        (f"palpitações e cansaço há {rng.randint(1, 4)}d", "palpitações e cansaço"),
        (f"FC {hr} bpm irregular, PA {rng.randint(100, 130)}x{rng.randint(60, 85)} mmHg, s/ sinais de baixo débito",
         f"frequência cardíaca de {hr} batimentos por minuto, irregular, sem sinais de baixo débito"),
        (f"TSH {_num(rng, 0.8, 3.5, 2)}, K {_num(rng, 3.8, 4.9)}, Mg normal, troponina negativa",
         "função tireoidiana, potássio e magnésio normais e troponina negativa"),
        ("ECO TT: AE aumentado, FEVE preservada",
         "ecocardiograma transtorácico com átrio esquerdo aumentado e função do ventrículo esquerdo preservada"),
        ("Metoprolol 5mg EV → succinato 50mg VO 12/12h, anticoagulação plena",
         "metoprolol intravenoso seguido de metoprolol oral e anticoagulação plena"),
        (f"FC controlada ({rng.randint(68, 88)} bpm), assintomátic{_g(sex, 'o', 'a')}",
         "a frequência cardíaca ficou controlada e os sintomas desapareceram"),
        (("Succinato de metoprolol 50mg VO 12/12h", "succinato de metoprolol 50 mg por via oral de 12 em 12 horas"),
         ("Rivaroxabana 20mg VO 1x/d c/ refeição",
          "rivaroxabana 20 mg por via oral uma vez ao dia junto com uma refeição")),
        ("retorno amb. cardiologia em 30d, Holter 24h",
         "retorno ao ambulatório de cardiologia em 30 dias, com Holter de 24 horas"),
        ("palpitações intensas, desmaio, sangramentos", "palpitações intensas, desmaio ou qualquer sangramento"),
        rng.randint(2, 4),
    )


def _cholecystitis(rng: random.Random, sex: str) -> Case:
    wall = _num(rng, 4, 7)
    return Case(
        ("Colecistite aguda litiásica, POI de CVL",
         "colecistite aguda por cálculos, tratada com colecistectomia por videolaparoscopia"),
        (f"dor em HCD após refeição gordurosa há {rng.randint(1, 3)}d, náuseas e vômitos",
         "dor no lado direito do abdome superior após refeição gordurosa, com náuseas e vômitos"),
        (f"Murphy +, Tax {_num(rng, 37.8, 38.7)}ºC, anictérico",
         "sinal de Murphy positivo, febre baixa e sem icterícia"),
        (f"Leuco {thousands_pt(rng.randrange(12000, 18000, 100))}, BT {_num(rng, 0.6, 1.1)}, FA e GGT normais, "
         "amilase normal",
         "leucocitose, com bilirrubinas, enzimas canaliculares e amilase normais"),
        (f"USG abd: vesícula distendida, parede {wall} mm, cálculo impactado no infundíbulo",
         f"ultrassonografia com vesícula distendida, parede espessada de {wall} mm e cálculo impactado"),
        ("Ceftriaxona + Metronidazol EV, CVL no D2 s/ intercorrências",
         "ceftriaxona e metronidazol intravenosos e colecistectomia por videolaparoscopia no segundo dia, sem "
         "intercorrências"),
        ("POI bom, dieta VO aceita, FO limpa e seca, dor controlada c/ analgesia simples",
         "o pós-operatório transcorreu sem complicações, alimenta-se bem, as feridas operatórias estão limpas e a dor "
         "está controlada com analgésicos simples"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),
         ("Ondansetrona 4mg VO 8/8h SN", "ondansetrona 4 mg por via oral de 8 em 8 horas se houver náusea")),
        ("retorno amb. cirurgia geral em 7-10d p/ retirada de pontos, AP da vesícula",
         "retorno ao ambulatório de cirurgia geral em 7 a 10 dias para retirar os pontos e ver o exame "
         "anatomopatológico"),
        ("febre, secreção na FO, icterícia", "febre, secreção nas feridas ou pele amarelada"),
        rng.randint(3, 4),
    )


def _pancreatitis(rng: random.Random, sex: str) -> Case:
    lipase = rng.randrange(900, 5200, 10)
    return Case(
        ("Pancreatite aguda leve de etiologia biliar (Atlanta)", "pancreatite aguda leve de origem biliar"),
        (f"dor epigástrica em faixa, irradiada p/ dorso, c/ vômitos há {rng.randint(1, 2)}d",
         "dor na parte alta do abdome em faixa, irradiando para as costas, com vômitos"),
        ("dor à palpação de epigástrio, s/ peritonite, estável hemodinamicamente",
         "dor à palpação na parte alta do abdome, sem sinais de peritonite e com sinais vitais estáveis"),
        (f"Lipase {thousands_pt(lipase)} U/L, PCR {_num(rng, 4, 14)}, Ca normal, TG normal",
         f"lipase de {thousands_pt(lipase)} U/L, com cálcio e triglicerídeos normais"),
        ("USG abd: colelitíase, s/ dilatação de vias biliares",
         "ultrassonografia com cálculos na vesícula e sem dilatação das vias biliares"),
        ("Ringer lactato EV, jejum inicial, analgesia c/ dipirona e tramadol, dieta VO precoce",
         "hidratação com ringer lactato, jejum inicial, analgesia e reintrodução precoce da dieta oral"),
        ("dieta VO pastosa bem aceita, s/ dor, lipase em queda", "aceitou dieta oral sem dor e a lipase está em queda"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),),
        ("encaminhado à cirurgia geral p/ CVL eletiva, dieta hipolipídica",
         "encaminhamento à cirurgia geral para retirada eletiva da vesícula e dieta com pouca gordura"),
        ("dor abdominal intensa, vômitos, icterícia", "dor abdominal intensa, vômitos ou pele amarelada"),
        rng.randint(4, 6),
    )


def _upper_gi_bleed(rng: random.Random, sex: str) -> Case:
    hb_in, hb_out = _num(rng, 6.4, 7.8), _num(rng, 8.8, 10.2)
    units = rng.choice((1, 2))
    return Case(
        ("HDA por úlcera péptica gástrica Forrest IIb",
         "hemorragia digestiva alta por úlcera gástrica com coágulo aderido"),
        (f"melena há {rng.randint(1, 3)}d e 1 episódio de hematêmese, uso de AINE p/ lombalgia",
         "fezes escuras e um episódio de vômito com sangue, após uso de anti-inflamatório para dor lombar"),
        (f"descorado 2+/4+, FC {rng.randint(104, 120)} bpm, PA {rng.randint(92, 108)}x{rng.randint(58, 70)} mmHg, "
         f"Glasgow-Blatchford {rng.randint(9, 13)}",
         "palidez, taquicardia e pressão arterial baixa"),
        (f"Hb {hb_in} g/dL, Ur elevada, coagulograma normal",
         f"hemoglobina de {hb_in} g/dL, ureia elevada e coagulação normal"),
        ("EDA: úlcera de 1,5 cm em pequena curvatura c/ coágulo aderido, terapia endoscópica combinada",
         "endoscopia digestiva alta com úlcera de 1,5 cm na pequena curvatura gástrica, tratada por via endoscópica"),
        (f"Omeprazol 80mg EV em bolus + 40mg EV 12/12h, transfusão de {units} CH",
         f"omeprazol intravenoso em dose alta e transfusão de {units} "
         f"{'concentrado' if units == 1 else 'concentrados'} de hemácias"),
        (f"s/ novos sangramentos, Hb estável em {hb_out}, teste de urease positivo",
         f"não voltou a sangrar, a hemoglobina estabilizou em {hb_out} g/dL e o teste da urease para Helicobacter "
         "pylori foi positivo"),
        (("Omeprazol 40mg VO 12/12h por 8 sem", "omeprazol 40 mg por via oral de 12 em 12 horas por 8 semanas"),
         ("Tratamento p/ H. pylori (amoxicilina + claritromicina + IBP) por 14d",
          "tratamento para Helicobacter pylori com amoxicilina, claritromicina e omeprazol por 14 dias"),
         ("Sulfato ferroso 40mg Fe VO 2x/d",
          "sulfato ferroso 40 mg de ferro elementar por via oral duas vezes ao dia")),
        ("suspender AINEs, EDA controle em 8 sem, retorno amb. gastro",
         "não usar anti-inflamatórios, endoscopia de controle em 8 semanas e retorno ao ambulatório de "
         "gastroenterologia"),
        ("fezes pretas, vômito c/ sangue, tontura", "fezes pretas, vômito com sangue ou tontura"),
        rng.randint(3, 5),
    )


def _gastroenteritis(rng: random.Random, sex: str) -> Case:
    creat_in, creat_out = _num(rng, 1.8, 2.9), _num(rng, 0.8, 1.2)
    return Case(
        ("GECA c/ desidratação e IRA pré-renal (KDIGO 2)",
         "gastroenterite aguda com desidratação e lesão renal aguda pré-renal"),
        (f"diarreia aquosa ({rng.randint(6, 12)} ep/d) e vômitos há {rng.randint(2, 4)}d, s/ sangue",
         "diarreia líquida várias vezes ao dia e vômitos, sem sangue nas fezes"),
        (f"desidratado 3+/4+, mucosas secas, PA {rng.randint(88, 100)}x{rng.randint(50, 64)} mmHg, TEC 4s",
         "desidratação importante, mucosas secas, pressão baixa e enchimento capilar lento"),
        (f"Cr {creat_in} (basal 0,9), Ur {rng.randint(88, 140)}, K {_num(rng, 3.0, 3.4)}, Na {rng.randint(131, 135)}",
         f"creatinina de {creat_in} mg/dL, ureia elevada e potássio baixo"),
        None,
        ("SF 0,9% 30mL/kg + manutenção, reposição de KCl, Ondansetrona SN",
         "soro fisiológico em volume de expansão e de manutenção, reposição de potássio e ondansetrona se houver "
         "náusea"),
        (f"diurese adequada, Cr {creat_out}, aceitando dieta e SRO, s/ vômitos há 24h",
         f"voltou a urinar bem, a creatinina caiu para {creat_out} mg/dL e aceita a dieta e o soro de reidratação "
         "oral, sem vômitos há 24 horas"),
        (("Soro de reidratação oral após cada evacuação", "soro de reidratação oral após cada evacuação líquida"),
         ("Ondansetrona 4mg VO 8/8h SN", "ondansetrona 4 mg por via oral de 8 em 8 horas se houver náusea")),
        ("retorno UBS em 3-5d c/ Cr de controle; suspensos temporariamente diurético e IECA",
         "retorno à unidade básica de saúde em 3 a 5 dias com nova dosagem de creatinina; diurético e "
         "anti-hipertensivo do tipo IECA suspensos por ora"),
        ("sangue nas fezes, urina pouca, não conseguir beber",
         "sangue nas fezes, pouca urina ou não conseguir beber líquidos"),
        rng.randint(2, 4),
    )


def _dvt(rng: random.Random, sex: str) -> Case:
    short, long, fem = _side(rng)
    return Case(
        (f"TVP proximal em MI{short} (veia femoral e poplítea)",
         f"trombose venosa profunda proximal no membro inferior {long}, nas veias femoral e poplítea"),
        (f"dor e edema em MI{short} há {rng.randint(3, 7)}d, após viagem longa",
         f"dor e inchaço na perna {fem} depois de uma viagem longa"),
        (f"edema de MI{short} (+{rng.randint(3, 5)} cm de circunferência), empastamento de panturrilha, Wells "
         f"{rng.randint(2, 4)}",
         "inchaço da perna com aumento da circunferência e panturrilha endurecida"),
        (f"D-dímero {thousands_pt(rng.randrange(1800, 6500, 10))}, função renal normal, plaquetas normais",
         "D-dímero elevado, com função renal e plaquetas normais"),
        (f"USG Doppler venoso MI{short}: trombose oclusiva femoral e poplítea",
         f"ultrassom com Doppler mostrando trombose nas veias femoral e poplítea do membro inferior {long}"),
        ("Enoxaparina 1mg/kg SC 12/12h → transição p/ DOAC",
         "enoxaparina 1 mg por quilo subcutânea de 12 em 12 horas, com transição para anticoagulante oral"),
        ("melhora da dor e do edema, deambulando, s/ sinais de TEP",
         "a dor e o inchaço melhoraram, caminha sem dificuldade e não há sinais de embolia pulmonar"),
        (("Rivaroxabana 15mg VO 12/12h por 21d, depois 20mg 1x/d",
          "rivaroxabana 15 mg por via oral de 12 em 12 horas por 21 dias e depois 20 mg uma vez ao dia"),
         ("Meia elástica de média compressão", "meia elástica de média compressão")),
        ("retorno amb. vascular em 30d, anticoagulação por ao menos 3 meses",
         "retorno ao ambulatório de cirurgia vascular em 30 dias, mantendo a anticoagulação por pelo menos 3 meses"),
        ("falta de ar súbita, dor no peito, sangramentos", "falta de ar repentina, dor no peito ou sangramentos"),
        rng.randint(2, 4),
    )


def _chest_pain(rng: random.Random, sex: str) -> Case:
    return Case(
        ("Dor torácica, SCA descartada (HEART " + str(rng.randint(2, 3)) + ")",
         "dor torácica com síndrome coronariana aguda descartada"),
        (f"dor precordial em aperto, s/ irradiação, há {rng.randint(3, 12)}h, em repouso",
         "dor no peito em aperto, sem irradiação, que começou em repouso"),
        (f"PA {rng.randint(130, 156)}x{rng.randint(80, 96)} mmHg, FC {rng.randint(70, 96)} bpm, exame CV normal",
         "pressão levemente elevada e exame cardiovascular normal"),
        ("Troponina US seriada (0/3h) negativa, ECG RS s/ alterações de ST",
         "troponina ultrassensível seriada negativa e eletrocardiograma sem alterações isquêmicas"),
        ("RX tórax s/ alterações", "radiografia de tórax normal"),
        ("AAS 200mg (suspenso após troponinas neg.), observação em UDT",
         "ácido acetilsalicílico, suspenso após as troponinas negativas, e observação na unidade de dor torácica"),
        (f"assintomátic{_g(sex, 'o', 'a')}, s/ nova dor em 24h de observação",
         "ficou sem sintomas e não teve nova dor em 24 horas de observação"),
        (("Omeprazol 20mg VO em jejum por 30d", "omeprazol 20 mg por via oral em jejum por 30 dias"),),
        ("teste ergométrico ambulatorial e retorno amb. cardiologia em 30d",
         "teste ergométrico ambulatorial e retorno ao ambulatório de cardiologia em 30 dias"),
        ("dor no peito prolongada, falta de ar, suor frio", "dor no peito prolongada, falta de ar ou suor frio"),
        rng.randint(1, 2),
    )


def _appendicitis(rng: random.Random, sex: str) -> Case:
    return Case(
        ("Apendicite aguda não complicada, POI de apendicectomia VLP",
         "apendicite aguda não complicada, tratada com apendicectomia por videolaparoscopia"),
        (f"dor periumbilical migrando p/ FID há {rng.randint(12, 36)}h, anorexia e náuseas",
         "dor ao redor do umbigo que migrou para o lado direito do abdome, com falta de apetite e náuseas"),
        (f"Blumberg +, Rovsing +, Tax {_num(rng, 37.6, 38.4)}ºC",
         "dor à descompressão no lado direito do abdome e febre baixa"),
        (f"Leuco {thousands_pt(rng.randrange(12500, 17500, 100))} c/ desvio, PCR {_num(rng, 3, 9)}"
         + (", β-hCG negativo" if sex == "F" else ""),
         "leucocitose com desvio à esquerda" + (" e teste de gravidez negativo" if sex == "F" else "")),
        ("TC abd: apêndice de 11 mm c/ densificação da gordura periapendicular, s/ abscesso",
         "tomografia com apêndice espessado e inflamação ao redor, sem abscesso"),
        ("Apendicectomia VLP + Cefazolina profilática",
         "apendicectomia por videolaparoscopia com antibiótico profilático"),
        ("POI s/ intercorrências, deambulando, eliminando flatos, FO limpa",
         "o pós-operatório transcorreu sem complicações, já caminha, o intestino voltou a funcionar e as feridas "
         "estão limpas"),
        (("Dipirona 1g VO 6/6h SN", "dipirona 1 g por via oral de 6 em 6 horas se houver dor"),
         ("Paracetamol 750mg VO 6/6h SN (alternar)",
          "paracetamol 750 mg por via oral de 6 em 6 horas se houver dor, alternando com a dipirona")),
        ("retorno amb. cirurgia em 7-10d, s/ esforço físico por 30d",
         "retorno ao ambulatório de cirurgia em 7 a 10 dias e nada de esforço físico por 30 dias"),
        ("febre, vermelhidão ou secreção na FO", "febre, vermelhidão ou secreção nas feridas"),
        rng.randint(1, 2),
    )


DIAGNOSES: tuple[tuple[Callable[[random.Random, str], Case], tuple[int, int], float, frozenset[str]], ...] = (
    # (case maker, age range, weight, comorbidities that would not fit)
    (_pneumonia, (45, 92), 12, frozenset()),
    (_pyelonephritis, (19, 80), 9, frozenset()),
    (_heart_failure, (55, 90), 9, frozenset({"ICC"})),
    (_copd, (55, 85), 7, frozenset({"DPOC"})),
    (_cellulitis, (30, 85), 7, frozenset()),
    (_dka, (18, 55), 5, frozenset({"DM2"})),
    (_stroke, (52, 90), 7, frozenset({"DLP"})),
    (_atrial_fibrillation, (55, 88), 6, frozenset({"FA"})),
    (_cholecystitis, (28, 75), 6, frozenset()),
    (_pancreatitis, (25, 75), 5, frozenset({"etil"})),
    (_upper_gi_bleed, (40, 85), 5, frozenset({"FA"})),
    (_gastroenteritis, (20, 88), 6, frozenset()),
    (_dvt, (25, 80), 5, frozenset({"FA"})),
    (_chest_pain, (35, 75), 6, frozenset()),
    (_appendicitis, (18, 55), 4, frozenset()),
)
# (key, as abbreviated, as spelled out (male, female), usual medicine (abbreviated, spelled out) or None)
COMORBIDITIES = (
    ("HAS", "HAS", ("hipertensão arterial sistêmica", "hipertensão arterial sistêmica"),
     [("Losartana 50mg 12/12h", "losartana 50 mg de 12 em 12 horas"),
      ("Anlodipino 5mg 1x/d", "anlodipino 5 mg uma vez ao dia"),
      ("HCTZ 25mg 1x/d", "hidroclorotiazida 25 mg uma vez ao dia")]),
    ("DM2", "DM2", ("diabetes mellitus tipo 2", "diabetes mellitus tipo 2"),
     [("Metformina 850mg 12/12h", "metformina 850 mg de 12 em 12 horas"),
      ("Gliclazida MR 60mg 1x/d", "gliclazida 60 mg de liberação prolongada uma vez ao dia")]),
    ("DLP", "DLP", ("dislipidemia", "dislipidemia"), [("Sinvastatina 20mg à noite", "sinvastatina 20 mg à noite")]),
    ("hipotireoidismo", "hipotireoidismo", ("hipotireoidismo", "hipotireoidismo"),
     [("Levotiroxina 50mcg em jejum", "levotiroxina 50 mcg em jejum"),
      ("Levotiroxina 75mcg em jejum", "levotiroxina 75 mcg em jejum")]),
    ("DPOC", "DPOC", ("doença pulmonar obstrutiva crônica", "doença pulmonar obstrutiva crônica"),
     [("Formoterol/budesonida 12/400mcg inal 12/12h", "formoterol com budesonida inalatório de 12 em 12 horas")]),
    ("ICC", "ICC FEVE reduzida",
     ("insuficiência cardíaca com fração de ejeção reduzida", "insuficiência cardíaca com fração de ejeção reduzida"),
     [("Carvedilol 6,25mg 12/12h", "carvedilol 6,25 mg de 12 em 12 horas")]),
    ("FA", "FA permanente", ("fibrilação atrial permanente", "fibrilação atrial permanente"),
     [("Apixabana 5mg 12/12h", "apixabana 5 mg de 12 em 12 horas")]),
    ("DRC", "DRC estágio 3a", ("doença renal crônica estágio 3a", "doença renal crônica estágio 3a"), []),
    ("tbg", "TBG ativo ({packs} maços-ano)",
     ("tabagismo ativo ({packs} maços-ano)", "tabagismo ativo ({packs} maços-ano)"), []),
    ("etil", "etilista", ("etilismo", "etilismo"), []),
    ("obes", "obesidade grau {grade}", ("obesidade grau {grade}", "obesidade grau {grade}"), []),
    ("dep", "depressão", ("depressão", "depressão"), [("Sertralina 50mg 1x/d", "sertralina 50 mg uma vez ao dia")]),
)
MEDICAL_WARDS = ["Clínica Médica", "Enfermaria de Clínica Médica", "Unidade de Internação 4º andar", "Enfermaria 3B"]
WARDS = {_heart_failure: ["Cardiologia", "Unidade Coronariana"], _atrial_fibrillation: ["Cardiologia"],
         _chest_pain: ["Unidade de Dor Torácica", "Cardiologia"], _stroke: ["Unidade de AVC", "Neurologia"],
         _cholecystitis: ["Cirurgia Geral", "Enfermaria Cirúrgica"],
         _appendicitis: ["Cirurgia Geral", "Enfermaria Cirúrgica"],
         _upper_gi_bleed: ["Gastroenterologia"] + MEDICAL_WARDS, _pancreatitis: ["Gastroenterologia"] + MEDICAL_WARDS}
SURGICAL = {_cholecystitis, _appendicitis}


def _clinical_case(rng: random.Random) -> tuple[str, str, str]:
    """A note, its discharge summary, and the diagnosis it was made from."""
    maker, (young, old), _, excluded = rng.choices(DIAGNOSES, weights=[d[2] for d in DIAGNOSES])[0]
    sex = rng.choice("MF")
    age = rng.randint(young, old)
    case = maker(rng, sex)
    pool = [c for c in COMORBIDITIES if c[0] not in excluded and not (age < 40 and c[0] in ("DPOC", "ICC", "FA",
                                                                                            "DRC"))]
    chosen = rng.sample(pool, min(len(pool), rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))))
    chosen.sort(key=lambda c: [x[0] for x in COMORBIDITIES].index(c[0]))
    packs, grade = rng.choice((20, 30, 40, 55)), rng.choice(("I", "II"))
    history_short = [c[1].format(packs=packs, grade=grade) for c in chosen]
    history_long = [c[2][sex == "F"].format(packs=packs, grade=grade) for c in chosen]
    meds = [rng.choice(c[3]) for c in chosen if c[3]]
    surgical = maker in SURGICAL
    pa = f"{rng.randint(110, 138)}x{rng.randint(68, 88)}"
    vitals_short = (f"PA {pa} mmHg, FC {rng.randint(62, 92)} bpm, FR {rng.randint(14, 20)} irpm, "
                    f"SatO2 {rng.randint(94, 99)}% em AA, Tax {_num(rng, 35.8, 36.9)}ºC")
    general_short = rng.choice(["BEG, LOTE, corad{o}, hidratad{o}, acianótic{o}, anictéric{o}, afebril",
                                "BEG, LOTE, CHAAA",
                                "BEG, lúcid{o} e orientad{o}, eupneic{o} em AA, corad{o} e hidratad{o}",
                                "REG → BEG, LOTE, corad{o}, hidratad{o}"]).format(o=_g(sex, "o", "a"))
    exam_extra = rng.choice([
        "ACV: RCR 2T BNF s/ sopros. AR: {ar}. ABD: plano, flácido, RHA+, indolor, s/ VMG. MMII: {mmii}.",
        "AR: MV+ {ar_b}. ACV: RCR 2T BNF. ABD: globoso, flácido, indolor à palpação, DB neg. Ext: {mmii}, TEC < 3s.",
        "ACV: RCR, 2T, BNF. AR: {ar}. ABD: {abd}. MMII: {mmii}.",
    ]).format(ar=rng.choice(["MV+ bilat", "MV+ bilat. s/ RA", "MV+ bilateralmente, s/ RA"]),
              ar_b=rng.choice(["bilat. s/ RA", "bilateralmente"]),
              mmii=rng.choice(["s/ edemas, panturrilhas livres", "edema 1+/4+, panturrilhas livres", "s/ edema"]),
              abd="FO limpas e secas, flácido, RHA+" if surgical else "plano, flácido, RHA+, indolor")
    ward = rng.choice(WARDS.get(maker, MEDICAL_WARDS))
    bed = f"{rng.randint(1, 40)}{rng.choice('ABCD')}"
    who_short = rng.choice([f"Pcte {_g(sex, 'masc', 'fem')}., {age}a", f"Pcte {_g(sex, 'masc', 'fem')}, {age} anos",
                            f"{_g(sex, 'Masc', 'Fem')}, {age}a", f"Pct {age}a, {_g(sex, 'sexo masc', 'sexo fem')}"])
    history_text = ", ".join(history_short) if history_short else rng.choice(["sem comorbidades", "nega comorbidades",
                                                                              "previamente hígid" + _g(sex, "o", "a")])
    meds_text = "; ".join(m[0] for m in meds) if meds else "nega"
    style = rng.randrange(3)
    if style == 0:  # a SOAP discharge-day progress note
        note = "\n".join(filter(None, [
            f"EVOLUÇÃO MÉDICA — {ward} — leito {bed} — DIH {case.days}",
            f"{who_short}. AP: {history_text}. MUC: {meds_text}.",
            f"HD: {case.diagnosis[0]}.",
            f"HDA (adm): {case.complaint[0]}. Na adm: {case.admission[0]}.",
            f"Exames: {case.labs[0]}." + (f" {case.imaging[0]}." if case.imaging else ""),
            f"Tto: {case.treatment[0]}.",
            f"S: {rng.choice(['sem queixas', 'refere melhora', 'nega queixas novas', 'refere bem-estar'])}, "
            f"{rng.choice(['aceitando dieta VO', 'boa aceitação da dieta', 'dieta VO bem aceita'])}"
            + rng.choice([", diurese e evacuações presentes.", ", diurese presente.", "."]),
            f"O: {general_short}. {vitals_short}." + (f" {exam_extra}" if rng.random() < 0.5 else ""),
            f"A: {case.evolution[0]}.",
            "P: alta hospitalar hoje. Rx alta: " + "; ".join(m[0] for m in case.discharge) + ". "
            + ("Manter MUC. " if meds else "") + f"{case.follow_up[0]}. Orientad{_g(sex, 'o', 'a')} sinais de alarme "
                                                 f"({case.warning[0]}).",
        ]))
    elif style == 1:  # a compact admission-to-discharge note
        note = "\n".join(filter(None, [
            f"#NOTA DE ALTA — {ward}",
            f"ID: {who_short}, natural de {rng.choice(CITIES)[0]}.",
            f"#AP: {history_text}. #MUC: {meds_text}.",
            f"#QP/HDA: {case.complaint[0]}.",
            f"#Admissão: {case.admission[0]}. {case.labs[0]}." + (f" {case.imaging[0]}." if case.imaging else ""),
            f"#HD: {case.diagnosis[0]}.",
            f"#Conduta na internação: {case.treatment[0]}.",
            f"#Evolução: {case.evolution[0]}. Hoje {general_short}, {vitals_short}.",
            f"#CD: alta após {case.days} dias de internação. Prescrição: " + "; ".join(m[0] for m in case.discharge)
            + (" + MUC" if meds else "") + f". {case.follow_up[0]}. SN retornar ao PS se {case.warning[0]}.",
        ]))
    else:  # free running text, as typed at the end of a shift
        note = (f"{who_short}, {history_text}, "
                f"{('em uso de ' + meds_text) if meds else 'sem medicações de uso contínuo'}, "
                f"internad{_g(sex, 'o', 'a')} há {case.days}d na {ward} por {case.diagnosis[0]}. "
                f"Chegou c/ {case.complaint[0]}; {case.admission[0]}. {case.labs[0]}"
                + (f"; {case.imaging[0]}" if case.imaging else "") + f". Recebeu {case.treatment[0]}. "
                f"Evoluiu c/ {case.evolution[0]}. Ao exame hoje: {general_short}. {vitals_short}. "
                "Alta c/ " + ", ".join(m[0] for m in case.discharge) + (", manter MUC" if meds else "")
                + f". {case.follow_up[0]}. Orientad{_g(sex, 'o', 'a')} quanto a {case.warning[0]}.")

    patient = _g(sex, "Paciente do sexo masculino", "Paciente do sexo feminino")
    if history_long:
        joined = history_long[0] if len(history_long) == 1 else ", ".join(history_long[:-1]) + " e " + history_long[-1]
        identity = f"{patient}, {age} anos, com {joined}."
    else:
        identity = f"{patient}, {age} anos, sem doenças crônicas conhecidas."
    o = _g(sex, "o", "a")
    oriented = f"lúcid{o} e orientad{o}"
    blood_pressure = pa.replace("x", " por ")
    drug_names = sorted({m[1].split()[0] for m in meds})
    chronic = ", ".join(drug_names[:-1]) + " e " + drug_names[-1] if len(drug_names) > 1 else "".join(drug_names)
    exams = case.labs[1] if not case.imaging else rng.choice([f"{case.labs[1]}; {case.imaging[1]}", case.imaging[1]])
    # Several doctors write these summaries: the sections stay, the wording varies.
    summary = "\n".join([
        rng.choice(["RESUMO DE ALTA HOSPITALAR", "Resumo de alta", "SUMÁRIO DE ALTA"]),
        f"Identificação: {identity}",
        f"Diagnóstico: {case.diagnosis[1][0].upper() + case.diagnosis[1][1:]}.",
        "Internação: " + rng.choice([
            f"procurou o pronto-socorro com {case.complaint[1]}. Na admissão, apresentava {case.admission[1]}. "
            f"Os exames mostraram {exams}.",
            f"deu entrada com {case.complaint[1]}. O exame de entrada mostrou {case.admission[1]}. Na investigação: "
            f"{exams}.",
            f"foi admitid{o} por {case.complaint[1]}. Exames da admissão: {exams}.",
        ]),
        "Evolução: " + rng.choice([
            f"foi tratad{o} com {case.treatment[1]}. Em {case.days} {'dia' if case.days == 1 else 'dias'} de "
            f"internação, {case.evolution[1]}.",
            f"recebeu {case.treatment[1]}; {case.evolution[1]}, com alta no {case.days}º dia.",
            f"o tratamento incluiu {case.treatment[1]}. Durante a internação, de {case.days} "
            f"{'dia' if case.days == 1 else 'dias'}, {case.evolution[1]}.",
        ]),
        "Condição na alta: " + rng.choice([
            f"bom estado geral, {oriented}, afebril, pressão arterial de {blood_pressure} mmHg.",
            f"{oriented}, em bom estado geral, sem febre e com pressão arterial de {blood_pressure} mmHg.",
            f"estável, {oriented}, pressão arterial de {blood_pressure} mmHg e demais sinais vitais normais.",
        ]),
        "Prescrição de alta: " + "; ".join(m[1] for m in case.discharge)
        + (f"; manter {chronic}, de uso contínuo." if meds else "."),
        f"Seguimento: {case.follow_up[1]}. " + rng.choice([
            f"Orientad{o} a procurar o pronto-socorro em caso de {case.warning[1]}.",
            f"Alarme: {case.warning[1]}.",
            f"Deve voltar ao pronto-socorro se tiver {case.warning[1]}.",
        ]),
    ])
    return note, summary, maker.__name__


def make_clinical(count: int = 760) -> bytes:
    rng = rng_for("clinical")
    lines: list[str] = []
    by_diagnosis: dict[str, list[set[tuple[str, str]]]] = {}
    while len(lines) < count:
        note, summary, diagnosis = _clinical_case(rng)
        pairs = word_bigrams(note)
        similar = by_diagnosis.setdefault(diagnosis, [])
        if any(len(pairs & other) >= 0.6 * len(pairs | other) for other in similar):
            continue  # too close to a note already written: real notes of one diagnosis still differ
        similar.append(pairs)
        lines.append(chat_line(CLINICAL_SYSTEM, note, summary))
    return "".join(lines).encode("utf-8")


# =================================================================================================
# 5. intent_conflicts.jsonl — fix_data
# =================================================================================================

INTENT_SYSTEM = (
    "Classifique a mensagem do cliente do banco digital em uma intenção: consultar_saldo, fazer_pix, "
    "bloquear_cartao, segunda_via_fatura, aumentar_limite, falar_com_atendente, atualizar_cadastro ou "
    "cancelar_conta. Responda só com a intenção."
)
INTENT_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "valor": lambda r: r.choice(["R$ 20", "R$ 35", "R$ 50", "R$ 80", "R$ 120", "R$ 150", "R$ 200", "R$ 350", "R$ 500",
                                 "R$ 1.200", "30 reais", "40 reais", "60 reais", "100 reais", "250 reais", "300 reais",
                                 "450 reais", "800 reais", "15 conto", "70 conto", "90 conto"]),
    "value": lambda r: f"{r.choice(['R$', 'BRL ', '$'])}{r.choice([25, 40, 75, 100, 180, 300, 650])}",
    "nome": lambda r: r.choice(["João", "minha mãe", "meu irmão", "a Ana", "o Pedro", "a Bia", "o síndico", "minha tia",
                                "o Carlos", "a Marina"]),
    "name": lambda r: r.choice(["John", "my mom", "my brother", "Sarah", "Pedro", "my landlord", "Lucas", "my sister"]),
    "mes": lambda r: r.choice(MONTHS_PT), "month": lambda r: r.choice(MONTHS_EN),
    "final": lambda r: f"{r.randrange(10000):04d}",
    "lugar": lambda r: r.choice(["no mercado", "na farmácia", "no posto", "na padaria", "no restaurante", "no uber",
                                 "na loja", "no ifood"]),
    "place": lambda r: r.choice(["at the supermarket", "at the gas station", "at the mall", "at the pharmacy",
                                 "at a restaurant"]),
}
INTENTS = {  # intent: (Portuguese messages, English messages), each a template
    "consultar_saldo": (
        ["qual [é o|] meu saldo[?|]", "quanto eu tenho na conta[?|]", "ver saldo",
         "me mostra o saldo da [conta|poupança]",
         "quanto sobrou do salário[?|]", "saldo disponível [hoje|agora][?|]", "quero ver meu extrato de {mes}",
         "quanto tem guardado na poupança[?|]", "consultar saldo [por favor|pfv|]", "meu salário já caiu[?|]",
         "quanto rendeu a poupança [esse mês|em {mes}][?|]", "extrato dos últimos [7|15|30] dias",
         "[tô|estou] no vermelho[?|]", "saldo da conta [corrente|salário]"],
        ["what's my [balance|account balance][?|]", "check [my|] balance", "how much money do I have[ left|][?|]",
         "show my statement for {month}", "available balance [please|pls]", "did my [paycheck|salary] arrive[?|]",
         "balance on my savings account", "how much is in my [checking|savings] account[?|]"]),
    "fazer_pix": (
        ["quero fazer um pix de {valor} [para|pra] {nome}", "pix [pra|para] {nome}",
         "transferir {valor} [pra|para] {nome}",
         "como mando um pix[?|]", "pagar {valor} com pix [na chave do celular|no cnpj da loja|por qr code]",
         "manda {valor} pra {nome}", "agendar pix de {valor} para [sexta|dia 10|amanhã]", "fazer pix copia e cola",
         "pix de {valor} [agora|urgente]", "transferência para {nome} [via pix|por pix]",
         "devolver {valor} [pra|para] {nome} por pix"],
        ["send {value} to {name}", "make a pix [transfer|payment][ to {name}|]", "transfer {value} to {name}",
         "pay [{value} |]with pix", "schedule a pix [for Friday|for tomorrow|of {value}]", "how do I send a pix[?|]",
         "pix {value} to {name} [now|today]"]),
    "bloquear_cartao": (
        ["perdi meu cartão[ {lugar}|]", "bloquear cartão final {final}", "meu cartão foi [roubado|clonado]",
         "bloqueia meu cartão [agora|urgente|já]", "esqueci o cartão {lugar}[, quero bloquear|]",
         "roubaram minha carteira[ com o cartão| {lugar}|]", "bloqueio temporário do cartão",
         "cartão furtado[, bloquear|]", "quero travar o cartão [de crédito|de débito|virtual]"],
        ["block my [card|credit card|debit card]", "my card was [stolen|cloned]", "[I |]lost my card[ {place}|]",
         "freeze card ending {final}", "lock my [debit|credit] card[ now|]", "someone stole my wallet[ {place}|]"]),
    "segunda_via_fatura": (
        ["segunda via da fatura[ do cartão|]", "me manda o boleto da fatura de {mes}",
         "código de barras da fatura[ de {mes}|]",
         "não recebi a fatura [deste mês|de {mes}]", "quero a fatura em pdf", "onde vejo a fatura do cartão[?|]",
         "fatura [fechada|atual] do cartão", "linha digitável da fatura", "reenviar a fatura [por e-mail|no app]"],
        ["send me my [credit card|card] bill", "I need a copy of my {month} bill", "card bill barcode[ please|]",
         "I didn't get [this month's|my {month}] bill", "download my card bill as [a pdf|pdf]",
         "resend my bill[ by email|]"]),
    "aumentar_limite": (
        ["quero aumentar meu limite", "como consigo mais limite[?|]",
         "[meu|o] limite do cartão está [baixo|muito baixo]",
         "aumenta o limite para {valor}", "pedido de aumento de limite",
         "[dá|tem como] [pra|para] subir meu limite[?|]",
         "preciso de mais limite [para|pra] [uma viagem|o natal|uma compra grande]", "limite de {valor} é pouco"],
        ["increase my credit limit[ please|]", "can I get a higher limit[?|]", "raise my limit to {value}",
         "my card limit is too low[ for {place}|]", "request a limit increase",
         "I need more credit for [a trip|Christmas]"]),
    "falar_com_atendente": (
        ["quero falar com um atendente", "atendente humano[ por favor|]", "me transfere [pra|para] uma pessoa",
         "não quero falar com robô", "tem alguém aí[?|]", "falar com [gente|uma pessoa de verdade]",
         "chama um atendente[ pfv|]", "quero atendimento humano", "[liga|ligar] pra central"],
        ["talk to a human", "agent [please|pls]", "I want to speak with someone", "representative",
         "real person please",
         "connect me to [support staff|a person]", "is anyone there[?|]"]),
    "atualizar_cadastro": (
        ["mudei de endereço", "atualizar meu telefone", "trocar [o|meu] e-mail cadastrado",
         "quero alterar meu endereço",
         "[casei|me casei] e mudou meu sobrenome", "atualizar [minha renda|meus dados]",
         "mudar o [celular|número] cadastrado",
         "corrigir meu nome no cadastro", "atualizar o cep da minha casa"],
        ["update my [address|home address]", "change my phone number", "I moved, new address",
         "update the email on file",
         "update my income", "fix my name on my profile", "change my [email|phone] on the account"]),
    "cancelar_conta": (
        ["quero encerrar minha conta", "cancelar conta", "como fecho minha conta[?|]", "não quero mais ser cliente",
         "encerramento de conta [corrente|poupança]", "quero sair do banco", "fechar [a|minha] conta [hoje|agora]",
         "encerrar conta e transferir o saldo"],
        ["close my account", "cancel my account[ please|]", "I want to leave the bank", "how do I close my account[?|]",
         "account closure request", "shut down my account"]),
}
# Messages people really send that two annotators read differently: (templates, intents they were given)
AMBIGUOUS = [
    (["[meu|o] cartão não passou {lugar}", "cartão recusado {lugar}", "compra negada no cartão {lugar}",
      "por que meu cartão [foi recusado|não passa][?|]", "tentei pagar {lugar} e deu recusado"],
     ["card declined [online|{place}]", "my card got declined [online|{place}]", "why was my card declined[?|]"],
     ("aumentar_limite", "falar_com_atendente", "consultar_saldo")),
    (["cancelar [o|meu] cartão", "quero cancelar o cartão [de crédito|final {final}]", "não quero mais o cartão",
      "cancelamento do cartão [adicional|virtual]"],
     ["cancel my card", "cancel card ending {final}", "I don't want the card anymore"],
     ("bloquear_cartao", "cancelar_conta")),
    (["perdi [meu|o] celular[ {lugar}|]", "roubaram meu celular[ com o app|]", "troquei de celular[ e perdi o app|]",
      "celular [roubado|furtado] {lugar}"],
     ["lost my phone", "my phone was stolen[ with the app|]", "phone stolen {place}"],
     ("bloquear_cartao", "atualizar_cadastro", "falar_com_atendente")),
    (["o pix [não caiu|não chegou]", "mandei um pix [pro|para o] {nome} e não [caiu|chegou]",
      "pix [errado|para pessoa errada]",
      "o pix de {valor} [não caiu|sumiu]"],
     ["the pix didn't arrive", "I sent a pix to the wrong person", "my {value} pix never arrived"],
     ("fazer_pix", "falar_com_atendente")),
    (["quanto ainda posso gastar[?|]", "quanto [tenho|sobrou] de limite[?|]", "limite [disponível|livre][ no cartão|]",
      "quanto posso usar [hoje|no cartão][?|]"],
     ["how much can I still spend[?|]", "available credit", "how much credit do I have left[?|]"],
     ("consultar_saldo", "aumentar_limite")),
    (["fatura", "fatura de {mes}", "valor da fatura[?|]", "quanto [deu|vai dar] a fatura[ de {mes}|][?|]",
      "fatura [atual|aberta]"],
     ["bill", "my bill", "bill for {month}", "how much is my bill[?|]"], ("segunda_via_fatura", "consultar_saldo")),
    (["limite do pix", "aumentar limite do pix[ para {valor}|]", "pix acima de {valor} não vai",
      "limite noturno do pix"],
     ["pix limit", "raise my pix limit", "night pix limit"], ("aumentar_limite", "fazer_pix")),
    (["quero cancelar[ por favor|, pfv|]", "cancelar tudo", "cancela", "cancelar [isso|agora]"],
     ["cancel", "cancel everything", "cancel it [please|now]"], ("cancelar_conta", "falar_com_atendente")),
    (["ajuda", "preciso de ajuda[ urgente|]", "socorro", "me ajuda [por favor|aqui]", "ajuda com [o cartão|a conta]"],
     ["help", "I need help", "help me [please|now]", "help with my [card|account]"],
     ("falar_com_atendente", "bloquear_cartao")),
    (["troquei de número", "meu número mudou[ e não recebo o código|]", "número novo[, não chega sms|]",
      "não tenho mais aquele celular"],
     ["new number", "changed my number", "my number changed[ and I don't get the code|]"],
     ("atualizar_cadastro", "falar_com_atendente")),
    (["compra estranha no cartão", "não reconheço [essa|uma] compra de {valor}", "compra que eu não fiz {lugar}"],
     ["weird charge on my card", "I don't recognize a {value} charge"],
     ("bloquear_cartao", "falar_com_atendente", "segunda_via_fatura")),
    (["boleto", "pagar boleto", "pagar um boleto de {valor}", "boleto [vencido|atrasado]",
      "como pago [um|o] boleto[?|]"],
     ["pay a boleto", "boleto", "how do I pay a boleto[?|]"], ("segunda_via_fatura", "fazer_pix")),
    (["extrato", "extrato do cartão", "extrato de {mes}", "ver extrato [do cartão|da conta]"],
     ["statement", "card statement", "statement for {month}"], ("consultar_saldo", "segunda_via_fatura")),
    (["quero mudar de conta", "mudar para conta PJ", "trocar o tipo da conta"], ["switch account type"],
     ("atualizar_cadastro", "cancelar_conta", "falar_com_atendente")),
]


def _variant(rng: random.Random, text: str) -> str:
    """The same message typed again: case and spacing change, nothing else (the profile ignores both)."""
    kind = rng.randrange(6)
    if kind == 0:
        return text.upper()
    if kind == 1:
        return text[:1].upper() + text[1:]
    if kind == 2:
        return text + rng.choice(["  ", " ", "\t"])
    if kind == 3:
        return rng.choice(["  ", " "]) + text
    if kind == 4:
        return text.replace(" ", "  ", 1)
    return text.lower()


def make_intents(distinct: int = 270, conflicting: int = 68, repeated: int = 36) -> bytes:
    rng = rng_for("intents")
    seen: set[str] = set()

    def fresh(templates: list[str]) -> str | None:
        """A message not used yet (case and spacing ignored), or None when these templates are spent."""
        for _ in range(100):
            text = expand(rng.choice(templates), rng, INTENT_SLOTS)
            if normalise(text) not in seen:
                seen.add(normalise(text))
                return text
        return None

    def clear_message() -> tuple[str, str]:
        while True:
            intent = rng.choice(list(INTENTS))
            text = fresh(INTENTS[intent][1 if rng.random() < 0.4 else 0])
            if text is not None:
                return text, intent

    def ambiguous_message() -> tuple[str, tuple[str, ...]]:
        while True:
            pt, en, intents = rng.choice(AMBIGUOUS)
            text = fresh(en if rng.random() < 0.4 else pt)
            if text is not None:
                return text, intents

    rows: list[tuple[str, str]] = []
    for index in range(conflicting):  # the same message, labelled differently by different annotators
        if index % 5 < 4:
            text, intents = ambiguous_message()
            labels = rng.sample(intents, 2)
        else:  # a clear message with one careless label
            text, intent = clear_message()
            labels = [intent, rng.choice([other for other in INTENTS if other != intent])]
        if rng.random() < 0.45:
            labels.append(rng.choice(labels))
        rows += [(_variant(rng, text) if copy else text, label) for copy, label in enumerate(labels)]
    for _ in range(repeated):  # typed twice (or three times), same label
        text, intent = clear_message()
        rows += [(text, intent)] + [(_variant(rng, text), intent) for _ in range(rng.choice((1, 1, 2)))]
    for _ in range(distinct - conflicting - repeated):
        if rng.random() < 0.1:
            text, intents = ambiguous_message()
            rows.append((text, rng.choice(intents)))
        else:
            rows.append(clear_message())
    rng.shuffle(rows)
    return "".join(chat_line(INTENT_SYSTEM, text, label) for text, label in rows).encode("utf-8")


# =================================================================================================
# 6. store_tool_calls.jsonl — lora (tool calling)
# =================================================================================================

TOOL_SYSTEM = (
    "Você é a assistente virtual da Loja Pindorama, uma loja online brasileira. Responda no idioma do cliente. "
    "Quando o pedido do cliente couber numa das ferramentas, chame-a com os argumentos tirados da mensagem: "
    "número do pedido e CEP só com dígitos, motivo e tipo com os valores da lista. O assunto de uma "
    "transferência é escrito sempre em português."
)
ORDER_ARG = {"type": "string", "minLength": 9, "maxLength": 9,
             "description": "Número do pedido: 9 dígitos, sem #, pontos nem espaços."}
CEP_ARG = {"type": "string", "minLength": 8, "maxLength": 8, "description": "CEP de destino: 8 dígitos, sem hífen."}


def _function(name: str, description: str, properties: dict, required: list[str]) -> dict:
    return {"type": "function", "function": {"name": name, "description": description, "parameters": {
        "type": "object", "properties": properties, "required": required, "additionalProperties": False}}}


STORE_TOOLS = [
    _function("rastrear_pedido", "Consulta a situação de um pedido e o rastreio da entrega.",
              {"numero_pedido": ORDER_ARG}, ["numero_pedido"]),
    _function("calcular_frete", "Calcula o valor e o prazo de entrega de um produto até um CEP.",
              {"sku": {"type": "string", "description": "Código do produto como aparece na página: PDR- e 5 dígitos."},
               "cep": CEP_ARG,
               "quantidade": {"type": "integer", "minimum": 1, "maximum": 20,
                              "description": "Unidades; omita quando o cliente não disser (1)."}},
              ["sku", "cep"]),
    _function("solicitar_troca_ou_devolucao",
              "Abre uma troca ou devolução de um pedido entregue há no máximo 30 dias.",
              {"numero_pedido": ORDER_ARG,
               "tipo": {"type": "string", "enum": ["troca", "devolucao"]},
               "motivo": {"type": "string", "enum": ["arrependimento", "defeito", "produto_errado",
                                                     "avariado_no_transporte", "tamanho_ou_cor"]}},
              ["numero_pedido", "tipo", "motivo"]),
    _function("enviar_segunda_via", "Reenvia o boleto ou o código Pix de um pedido que aguarda pagamento.",
              {"numero_pedido": ORDER_ARG, "forma": {"type": "string", "enum": ["boleto", "pix"]}},
              ["numero_pedido", "forma"]),
    _function("alterar_endereco_entrega", "Muda o endereço de entrega de um pedido que ainda não saiu para entrega.",
              {"numero_pedido": ORDER_ARG, "cep": CEP_ARG,
               "numero": {"type": "string", "description": "Número do imóvel."},
               "complemento": {"type": "string", "description": "Apartamento, bloco, casa; omita se não houver."}},
              ["numero_pedido", "cep", "numero"]),
    _function("transferir_para_atendente",
              "Passa a conversa a uma pessoa da equipe quando nenhuma ferramenta resolve ou o cliente pede.",
              {"assunto": {"type": "string", "description": "O assunto numa frase curta, em português."},
               "prioridade": {"type": "string", "enum": ["normal", "alta"],
                              "description": "alta: cobrança indevida, ameaça de reclamação formal ou risco à "
                              "saúde."}},
              ["assunto", "prioridade"]),
]
STORE_PRODUCTS = [("air fryer", "f", "air fryer"), ("fone Bluetooth", "m", "Bluetooth headphones"),
                  ("tênis de corrida", "m", "running shoes"), ("cafeteira", "f", "coffee maker"),
                  ("liquidificador", "m", "blender"), ("mochila", "f", "backpack"), ("smartwatch", "m", "smartwatch"),
                  ("jogo de panelas", "m", "pan set"), ("ventilador", "m", "fan"),
                  ("jaqueta jeans", "f", "denim jacket"),
                  ("cadeira de escritório", "f", "office chair"), ("aspirador vertical", "m", "stick vacuum"),
                  ("vestido de linho", "m", "linen dress"), ("monitor 24 polegadas", "m", "24-inch monitor")]
STORE_CITIES = ["Campinas", "Niterói", "Londrina", "Joinville", "Uberlândia", "Caruaru", "Anápolis", "Petrópolis",
                "Sorocaba", "Maringá", "Vitória", "Teresina", "Pelotas", "Santarém"]
COMPLEMENTS = ["apto 42", "apto 1103", "bloco B, apto 21", "casa 2", "fundos", "sala 804", "apto 7", "casa 3",
               "bloco 4, apto 302", "loja 1"]
REASONS = {  # motivo: (Portuguese, English) ways a customer says it; {o} agrees with the product
    "arrependimento": (["desisti da compra", "me arrependi da compra", "não gostei d{o} {produto}",
                        "não preciso mais d{o} {produto}", "comprei por impulso"],
                       ["I changed my mind", "I don't need it anymore", "I didn't like it"]),
    "defeito": (["veio com defeito", "não liga", "parou de funcionar [em dois dias|na primeira semana|ontem]",
                 "está com defeito", "[faz um barulho estranho|esquenta demais] e desliga sozinh{o}"],
                ["it arrived defective", "it won't turn on", "it stopped working after [two days|a week]"]),
    "produto_errado": (["veio o produto errado", "mandaram outro modelo", "recebi um produto que não comprei",
                        "veio [outra marca|outro item] no lugar"],
                       ["I got the wrong item", "you sent a different model", "this isn't what I ordered"]),
    "avariado_no_transporte": (["chegou quebrad{o}", "a caixa chegou amassada e {o} {produto} trincad{o}",
                                "chegou tod{o} riscad{o}", "veio danificad{o} da entrega"],
                               ["it arrived broken", "it was damaged in shipping",
                                "the box was crushed and it's cracked"]),
    "tamanho_ou_cor": (["o tamanho não serviu", "ficou pequen{o}", "ficou grande demais", "queria outra cor",
                        "a cor é diferente da foto"],
                       ["it doesn't fit", "wrong size for me", "I'd like a different color"]),
}
# transferir_para_atendente: (Portuguese messages, English messages, subject written by the agent, priority)
HANDOFFS = [
    (["quero falar com um atendente", "me passa pra uma pessoa, por favor", "atendente humano[, pfv|]",
      "não quero falar com robô"],
     ["I want to talk to a person", "can I speak to a human agent[?|]"], "Cliente pediu atendimento humano", "normal"),
    (["fui cobrad[o|a] duas vezes no cartão pelo pedido {pedido}", "o pedido {pedido} apareceu duas vezes na fatura"],
     ["I was charged twice for order {pedido}"], "Cobrança em duplicidade do pedido {pedido}", "alta"),
    (["ninguém resolve o pedido {pedido}, vou reclamar no Procon", "vou abrir reclamação no Reclame Aqui sobre o "
      "pedido {pedido}"],
     ["nobody is solving order {pedido}, I'm filing a complaint"],
     "Ameaça de reclamação formal sobre o pedido {pedido}",
     "alta"),
    (["o {produto} do pedido {pedido} parou depois de [3|4|5] meses, como aciono a garantia?",
      "a garantia cobre o {produto} do pedido {pedido}? parou de funcionar"],
     ["my {produto_en} from order {pedido} stopped working after [3|4] months, is it under warranty?"],
     "Garantia do produto do pedido {pedido} após o prazo de troca", "normal"),
    (["quero cancelar o pedido {pedido}, ainda não foi enviado", "dá pra cancelar o pedido {pedido}? comprei errado"],
     ["can I cancel order {pedido}? it hasn't shipped"], "Cancelamento do pedido {pedido} antes do envio", "normal"),
    (["a nota fiscal do pedido {pedido} saiu com o CPF errado",
      "preciso da nota do pedido {pedido} no CNPJ da empresa"],
     ["the invoice for order {pedido} has the wrong tax ID"], "Correção da nota fiscal do pedido {pedido}", "normal"),
    (["o carregador do {produto} do pedido {pedido} esquentou e saiu fumaça", "o {produto} do pedido {pedido} deu "
      "choque"],
     ["the {produto_en} from order {pedido} gave off smoke"], "Risco à segurança com o produto do pedido {pedido}",
     "alta"),
]
GREETINGS_PT = ["oi", "olá", "bom dia", "boa tarde", "boa noite", "oi, tudo bem?", "olá, boa tarde"]
GREETINGS_EN = ["hi", "hello", "good morning", "hey there"]


def _written_order(rng: random.Random, digits: str, english: bool) -> str:
    style = rng.randrange(5)
    if style == 0:
        return "#" + digits
    if style == 1:
        return ("no. " if english else rng.choice(["nº ", "n. ", "número "])) + digits
    if style == 2:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    return digits


def _written_cep(rng: random.Random, digits: str) -> str:
    return rng.choice([f"{digits[:5]}-{digits[5:]}", f"{digits[:5]}-{digits[5:]}", digits,
                       f"{digits[:2]}.{digits[2:5]}-{digits[5:]}"])


def _call_id(rng: random.Random) -> str:
    return "call_" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                             for _ in range(24))


def _store_request(rng: random.Random, function: str, english: bool
                   ) -> tuple[list[tuple[str, str]], dict]:
    """A customer's turns (with the assistant's question, for two-turn requests) and the call's arguments."""
    order = f"{rng.randrange(100_000_000, 999_999_999)}"
    cep = f"{rng.randrange(1_000_000, 99_999_999):08d}"
    product, gender, product_en = rng.choice(STORE_PRODUCTS)
    slots: dict[str, Callable[[random.Random], str]] = {
        "pedido": lambda r: _written_order(r, order, english), "cep": lambda r: _written_cep(r, cep),
        "produto": lambda r: product, "produto_en": lambda r: product_en, "cidade": lambda r: rng.choice(STORE_CITIES),
        "o_produto": lambda r: ("o " if gender == "m" else "a ") + product,
    }
    turns: list[tuple[str, str]] = []  # (user, assistant question) before the last user turn
    if function == "rastrear_pedido":
        arguments: dict = {"numero_pedido": order}
        templates = (["cadê meu pedido {pedido}?",
                      "[queria saber|gostaria de saber|pode ver] onde está o pedido {pedido}",
                      "meu pedido {pedido} [ainda não chegou|está atrasado|não saiu do lugar][, o que houve?|]",
                      "o rastreio do pedido {pedido} [não atualiza|está parado] há [dois|três|quatro|cinco] dias",
                      "qual a previsão de entrega do pedido {pedido}?", "status do pedido {pedido}",
                      "comprei [um|uma] {produto} [semana passada|há dez dias|no começo do mês], pedido {pedido}, e "
                      "nada [até agora|de chegar]", "o pedido {pedido} já saiu pra entrega?"]
                     if not english else
                     ["where is my order {pedido}?", "can you track order {pedido} for me?",
                      "my order {pedido} [hasn't arrived yet|is late]", "tracking for {pedido} hasn't updated in "
                      "[three|four|five] days", "when will order {pedido} be delivered?"])
        if rng.random() < 0.15:
            turns.append((rng.choice(["cadê minha encomenda?", "meu pedido não chegou", "quero rastrear uma compra"]
                                     if not english else ["where's my package?", "my order hasn't arrived"]),
                          "Posso verificar para você. Qual é o número do pedido?" if not english else
                          "I can check that for you. What is the order number?"))
            templates = ["{pedido}", "é o {pedido}", "o número é {pedido}"] if not english else ["{pedido}",
                                                                                                 "it's {pedido}"]
    elif function == "calcular_frete":
        sku = f"PDR-{rng.randrange(10000, 99999)}"
        slots["sku"] = lambda r: rng.choice([sku, sku, sku.lower(), sku.replace("-", " ")])
        arguments = {"sku": sku, "cep": cep}
        quantity = rng.choice([0, 0, 0, 0, 2, 2, 3, 4, 6, 10])
        templates = (["quanto fica o frete do {sku} para o CEP {cep}?",
                      "qual o prazo de entrega do {sku} pro CEP {cep}?",
                      "vocês entregam em {cidade}? meu CEP é {cep}, queria o {sku}",
                      "frete [pro|para o] CEP {cep}, produto {sku}", "simula o frete do {sku} pra {cep} por favor"]
                     if not english else
                     ["how much is shipping for {sku} to {cep}?", "delivery time for item {sku} to postal code {cep}?",
                      "do you ship {sku} to {cep}?"])
        if quantity:
            arguments["quantidade"] = quantity
            templates = ([f"quanto sai o frete de {quantity} unidades do {{sku}} pro CEP {{cep}}?",
                          f"quero {quantity} do {{sku}}, qual o frete pra {{cep}}?",
                          f"frete pra {{cep}}: {quantity}x {{sku}}"]
                         if not english else [f"shipping for {quantity} units of {{sku}} to {{cep}}?",
                                              f"I need {quantity} of {{sku}}, shipping to {{cep}}?"])
    elif function == "solicitar_troca_ou_devolucao":
        reason = rng.choice(list(REASONS))
        kind = rng.choice(["troca", "devolucao"])
        article = "o" if gender == "m" else "a"
        said = expand(rng.choice(REASONS[reason][1 if english else 0]), rng,
                      {"o": lambda r: article, "produto": lambda r: product})
        slots["motivo"] = lambda r: said
        arguments = {"numero_pedido": order, "tipo": kind, "motivo": reason}
        act = ({"troca": ["trocar"], "devolucao": ["devolver"]}
               if not english else {"troca": ["exchange"], "devolucao": ["return", "get a refund for"]})[kind]
        act_text = expand(rng.choice(act), rng)
        templates = ([f"quero {act_text} {{o_produto}} do pedido {{pedido}}: {{motivo}}",
                      f"{{motivo}}. quero {act_text} {{o_produto}}, pedido {{pedido}}",
                      f"sobre {{o_produto}} do pedido {{pedido}}: {{motivo}}. dá pra {act_text}?"]
                     if not english else
                     [f"I want to {act_text} order {{pedido}}, {{motivo}}", f"{{motivo}}, I'd like to {act_text} "
                      "order {pedido}"])
        if rng.random() < 0.15:
            noun = {"troca": "trocar um produto", "devolucao": "devolver um produto"}[kind]
            turns.append(((f"quero {noun}" if not english else f"I want to {act_text} something"),
                          "Claro! Qual é o número do pedido e o que aconteceu com o produto?" if not english else
                          "Sure! What is the order number, and what happened to the item?"))
            templates = ["{pedido}, {motivo}", "pedido {pedido}. {motivo}"] if not english else ["{pedido}, {motivo}"]
    elif function == "enviar_segunda_via":
        form = rng.choice(["boleto", "boleto", "pix"])
        arguments = {"numero_pedido": order, "forma": form}
        templates = ({"boleto": ["perdi o boleto do pedido {pedido}, pode mandar de novo?",
                                 "o boleto do pedido {pedido} venceu, [gera outro|preciso de outro]",
                                 "segunda via do boleto do {pedido}", "não recebi o boleto do pedido {pedido}"],
                      "pix": ["o pix do pedido {pedido} expirou, manda outro código?",
                              "me manda de novo o pix copia e cola do pedido {pedido}",
                              "não consegui pagar o pix do {pedido} a tempo"]}
                     if not english else
                     {"boleto": ["can you resend the boleto for order {pedido}?", "my boleto for {pedido} expired"],
                      "pix": ["I need the pix code for order {pedido} again", "the pix for order {pedido} expired"]}
                     )[form]
    elif function == "alterar_endereco_entrega":
        number = str(rng.choice([rng.randrange(10, 999), rng.randrange(1000, 4000)]))
        arguments = {"numero_pedido": order, "cep": cep, "numero": number}
        complement = rng.choice(COMPLEMENTS) if rng.random() < 0.5 else ""
        if complement:
            arguments["complemento"] = complement
        tail = f", {complement}" if complement else ""
        templates = ([f"preciso mudar o endereço de entrega do pedido {{pedido}} para o CEP {{cep}}, "
                      f"número {number}{tail}",
                      f"me mudei! a entrega do pedido {{pedido}} agora é no CEP {{cep}}, nº {number}{tail}",
                      f"errei o endereço no pedido {{pedido}}: o certo é CEP {{cep}}, número {number}{tail}"]
                     if not english else
                     [f"please change the delivery address of order {{pedido}} to postal code {{cep}}, number "
                      f"{number}{tail}", f"I moved, order {{pedido}} should go to {{cep}}, number {number}{tail}"])
    else:
        portuguese, english_templates, subject, priority = rng.choice(HANDOFFS)
        templates = english_templates if english else portuguese
        arguments = {"assunto": expand(subject, rng, {"pedido": lambda r: order}), "prioridade": priority}
    text = expand(rng.choice(templates), rng, slots)
    if not turns and rng.random() < 0.35:
        text = rng.choice(GREETINGS_EN if english else GREETINGS_PT) + ", " + text
    if not english and rng.random() < 0.15:
        text = strip_accents(text)
    turns.append((text[:1].upper() + text[1:] if rng.random() < 0.5 else text, ""))
    return turns, arguments


STORE_MONTHLY_REQUESTS = 3_000_000
# The six definitions in tokens, as the profile counts them (o200k_base, the OpenAI cookbook's rule for tools);
# tests/test_samples.py checks the figure against the profile, so the lesson says what the app shows.
STORE_TOOL_DEFINITION_TOKENS = 518
STORE_FUNCTION_SHARES = {"rastrear_pedido": 30, "calcular_frete": 15, "solicitar_troca_ou_devolucao": 20,
                         "enviar_segunda_via": 12, "alterar_endereco_entrega": 10, "transferir_para_atendente": 13}


def make_store_tool_calls(count: int = 360) -> bytes:
    rng = rng_for("store_tool_calls")
    functions = [name for name, share in STORE_FUNCTION_SHARES.items() for _ in range(round(share * count / 100))]
    functions = (functions + ["rastrear_pedido"] * count)[:count]
    rng.shuffle(functions)
    # Defects a real export carries (the profile must find them): an agent's call logged without the reason it
    # required, twice, and a CEP passed on with its hyphen, once.
    returns = [index for index, name in enumerate(functions) if name == "solicitar_troca_ou_devolucao"]
    addresses = [index for index, name in enumerate(functions) if name == "alterar_endereco_entrega"]
    missing_reason = set(rng.sample(returns, 2))
    hyphenated_cep = rng.choice(addresses)
    seen: set[str] = set()
    guard = NearGuard()
    lines = []
    for index, function in enumerate(functions):
        english = rng.random() < 0.15
        for attempt in range(200):  # unique, and no near duplicate while the templates allow it
            turns, arguments = _store_request(rng, function, english)
            text = "\n".join(turn[0] for turn in turns)
            if normalise(text) not in seen and (attempt >= 100 or not guard.near(text)):
                break
        seen.add(normalise(text))
        guard.add(text)
        if index in missing_reason:
            del arguments["motivo"]
        if index == hyphenated_cep:
            arguments["cep"] = arguments["cep"][:5] + "-" + arguments["cep"][5:]
        messages: list[dict] = [{"role": "system", "content": TOOL_SYSTEM}]
        for user, question in turns:
            messages.append({"role": "user", "content": user})
            if question:
                messages.append({"role": "assistant", "content": question})
        messages.append({"role": "assistant", "tool_calls": [{
            "id": _call_id(rng), "type": "function",
            "function": {"name": function, "arguments": json.dumps(arguments, ensure_ascii=False)}}]})
        lines.append(json.dumps({"messages": messages, "tools": STORE_TOOLS}, ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")


# =================================================================================================
# 7. reply_tone_preferences.jsonl — preference pairs (DPO)
# =================================================================================================

TONE_SYSTEM = (
    "Você responde clientes da Aroeira Fibra, provedora de internet. Responda no idioma do cliente, trate-o por "
    "você, reconheça o problema, diga o que já foi feito e o próximo passo com prazo. Sem jargão nem culpa ao cliente."
)
NEIGHBOURHOODS = ["Centro", "Jardim Botânico", "Vila Operária", "Boa Vista", "Santa Mônica", "Cidade Nova",
                  "Parque das Flores", "São Cristóvão", "Alto da Glória", "Jardim Europa", "Vila Rica", "Bela Vista"]
TONE_CITIES = ["Curitiba", "Ponta Grossa", "Cascavel", "Joinville", "Blumenau", "Florianópolis", "Chapecó",
               "Londrina", "Maringá", "Itajaí"]


def _protocol(rng: random.Random) -> str:
    return f"{rng.choice([2025, 2026])}{rng.randrange(10**7, 10**8)}"


def _clock(rng: random.Random) -> str:
    return f"{rng.choice([10, 11, 13, 14, 15, 16, 17, 18, 19, 20])}h{rng.choice(['', '30'])}"


TONE_SLOTS: dict[str, Callable[[random.Random], str]] = {
    "bairro": lambda r: r.choice(NEIGHBOURHOODS), "protocolo": _protocol, "hora": _clock,
    "cidade": lambda r: r.choice(TONE_CITIES), "mes": lambda r: r.choice(MONTHS_PT),
    "month": lambda r: r.choice(MONTHS_EN), "valor": lambda r: brl(r.choice([2990, 3990, 4490, 4990, 1990, 2490])),
    "amount": lambda r: f"R$ {r.choice([29, 39, 44, 49, 19, 24])}.90",
    "dias": lambda r: r.choice(["dois", "três", "quatro"]), "days": lambda r: r.choice(["two", "three", "four"]),
    "nome": lambda r: r.choice(FIRST_NAMES),
}
# topic: (customer messages pt, en), (good replies pt, en), (curt or cold replies pt, en). A good reply is three
# parts — it names the problem, says what was done, gives the next step with a time — each drawn from its own list,
# so no two replies need be alike. The slots ({plano}, {medida}, …) are filled once per pair.
TONE_TOPICS = {
    "queda": (
        (["[minha internet|a internet aqui de casa] caiu [desde ontem à noite|hoje cedo|faz três horas][ aqui no "
          "{bairro}|]", "sem internet desde as {hora}[, de novo|]!", "a luz do modem está vermelha e nada funciona",
          "[trabalho de casa e|] estou sem internet [desde cedo|o dia todo][, isso é um absurdo|]",
          "tem [alguma falha|manutenção] no {bairro}? [caiu tudo aqui|a conexão sumiu]",
          "a internet fica caindo e voltando [desde {hora}|a tarde toda|há {dias} dias]"],
         ["my internet has been down since [last night|this morning]", "no internet since {hora}[, again|]",
          "the light on the modem is red and nothing works", "[is there an outage|is something down] in {bairro}?",
          "I work from home and the connection [dropped|is gone] [again|since lunch]"]),
        ((["Sinto muito pela falta de conexão.", "Peço desculpas pelo transtorno.",
           "Entendo o quanto isso atrapalha [o seu trabalho|o seu dia].", "Ficar sem internet é mesmo frustrante."],
          ["Há uma manutenção na rede do {bairro} com previsão de volta até as {hora}.",
           "Daqui vejo que o seu modem está sem sinal desde cedo, e abri o chamado {protocolo}.",
           "Encontrei uma falha num equipamento que atende a sua rua, e a equipe já está no local.",
           "Reiniciei a sua conexão daqui e o modem voltou a responder."],
          ["Se o sinal não voltar até as {hora}, me responda aqui que eu agendo um técnico sem custo.",
           "Um técnico pode ir amanhã entre 8h e 12h ou entre 13h e 18h: qual horário fica melhor?",
           "Vou abater o tempo sem serviço da sua próxima fatura.",
           "Teste agora e, se continuar sem sinal, me avise que abro uma visita para amanhã cedo."]),
         (["I'm sorry you've been without internet.", "Sorry for the trouble.", "I know how disruptive this is."],
          ["There's maintenance on the network in {bairro}, expected to finish by {hora}.",
           "I can see your modem has had no signal since this morning, and I've opened ticket {protocolo}.",
           "I found a fault in the equipment serving your street; the team is already there."],
          ["If the signal isn't back by {hora}, reply here and I'll book a technician at no cost.",
           "A technician can come tomorrow between 8 and 12 or between 1 and 6: which suits you?",
           "I'll take the time without service off your next bill."])),
        (["Reinicie o modem.", "Não consta falha na sua região. Protocolo {protocolo}.", "Aguarde a normalização.",
          "O problema deve ser no seu roteador. Verifique os cabos antes de entrar em contato."],
         ["Restart the modem.", "There is no outage in your area.", "Please wait for the service to come back."]),
    ),
    "lentidao": (
        (["contratei {plano} mega e o teste dá {medida}", "a internet está muito lenta, {medida} mega num plano de "
          "{plano}", "pago por {plano} mega e não chega nem na metade",
          "[os vídeos ficam travando|as chamadas de vídeo congelam] e meu plano é de {plano} mega",
          "toda noite a velocidade despenca[, depois das {hora}|]"],
         ["I pay for {plano} Mbps and the speed test shows {medida}", "my internet is really slow, {medida} Mbps on "
          "a {plano} plan", "[videos keep buffering|my video calls freeze] even though I'm on the {plano} plan",
          "the speed [drops|goes down] every night [after 8|around {hora}]"]),
        ((["Você tem razão em reclamar: o seu plano é de {plano} Mb/s.", "Entendo, a velocidade está bem abaixo do "
           "seu plano.", "Obrigado por medir antes de escrever, isso ajuda muito."],
          ["Reiniciei o seu modem daqui e ele voltou a receber a velocidade cheia.",
           "O seu modem está num canal de Wi-Fi congestionado, e já mudei o canal daqui.",
           "Vi que o seu modem é de um modelo antigo, que não passa de 300 Mb/s no Wi-Fi."],
          ["Faça o teste com o computador no cabo: se ficar abaixo de {limite} Mb/s, agendo uma visita sem custo.",
           "Teste de novo em cinco minutos e, se continuar lento, me avise que abro uma visita técnica.",
           "Posso enviar um modem novo sem custo; ele chega em até três dias úteis."]),
         (["You're right to flag it: your plan is {plano} Mbps.", "Thanks for running a test first, it helps."],
          ["I restarted your modem remotely and it's back to full speed.",
           "Your Wi-Fi was on a crowded channel, and I've changed it remotely."],
          ["Test on a cable: below {limite} Mbps, I'll book a technician at no cost.",
           "Test again in five minutes, and tell me if it's still slow."])),
        (["A velocidade contratada é garantida só no cabo.", "Faça o teste no cabo.",
          "Pela Anatel garantimos 40% da velocidade. Está dentro do contrato."],
         ["Speed is only guaranteed over a cable.", "Run the test on a cable."]),
    ),
    "cobranca": (
        (["minha fatura veio R$ {valor} a mais este mês", "por que a conta de {mes} veio mais cara?",
          "estão cobrando um ponto extra que eu nunca pedi", "a fatura de {mes} tem uma cobrança que não entendi",
          "[o valor do plano|minha mensalidade] subiu [sem aviso|e ninguém me avisou]"],
         ["my bill is {amount} higher this month", "why is my {month} bill higher?",
          "you charged me for [an extra outlet|a service] I never [asked for|ordered]",
          "my {month} bill has a charge I don't understand"]),
        ((["Você tem razão em estranhar.", "Conferi a sua fatura com calma.", "Entendo a surpresa com o valor."],
          ["A fatura de {mes} veio com R$ {valor} de um ponto extra que não está no seu contrato.",
           "A diferença é o fim do desconto de boas-vindas, que durava seis meses, e ninguém avisou: falha nossa.",
           "Houve uma cobrança proporcional da troca de plano, de R$ {valor}, que devia ter sido explicada."],
          ["Já pedi o estorno, que aparece como desconto na próxima fatura; o protocolo é {protocolo}.",
           "Posso mudar você para o plano anual, que fica no valor de antes. Quer que eu faça a troca?",
           "Vou enviar por e-mail o detalhamento, e a partir da próxima fatura o valor volta ao normal."]),
         (["You're right to question it.", "I've checked your bill."],
          ["Your {month} bill included {amount} for an extra outlet that isn't in your contract.",
           "The difference is the end of your six-month welcome discount, and nobody told you: our mistake."],
          ["I've requested the refund, which will show as a discount on your next bill; ticket {protocolo}.",
           "I can move you to the annual plan, which costs what you paid before. Shall I?"])),
        (["O valor está correto conforme o contrato.", "Pague a fatura e depois conteste.",
          "Não houve erro. Consulte as condições do seu plano no site."],
         ["The amount is correct under your contract.", "Pay the bill first and dispute it later."]),
    ),
    "visita": (
        (["o técnico não apareceu ontem, fiquei a tarde toda esperando", "marcaram a instalação para hoje e ninguém "
          "veio", "já é a segunda vez que o técnico falta",
          "[tirei folga|fiquei em casa o dia inteiro] e o técnico não veio",
          "o técnico [ficou de vir|marcou] entre {hora} e [18h|19h] e até agora nada"],
         ["the technician never showed up yesterday", "my installation was booked for today and nobody came",
          "I [took the afternoon off|stayed home all day] and the technician didn't come",
          "this is the [second|third] time the visit was missed"]),
        ((["Peço desculpas: o técnico não foi, e você perdeu seu tempo esperando.",
           "Isso não poderia ter acontecido.", "Sinto muito pela espera em vão."],
          ["Reagendei com prioridade para amanhã, entre 8h e 12h.", "Escalei o seu caso para a supervisão "
           "(protocolo {protocolo}) e a visita ficou para amanhã, primeiro horário.",
           "Confirmei com a equipe de campo um horário para amanhã à tarde, entre 13h e 15h."],
          ["O técnico vai ligar meia hora antes de chegar.", "Como compensação, o primeiro mês sai sem custo.",
           "Se o horário não servir, me diga qual serve que eu troco agora."]),
         (["I'm sorry: the technician didn't come, and you lost your time waiting.", "That should not have happened."],
          ["I've rebooked you as a priority for tomorrow between 8 and 12.",
           "I've escalated your case (ticket {protocolo}) and the visit is first thing tomorrow."],
          ["He'll call half an hour before arriving.", "If that time doesn't work, tell me which does."])),
        (["A visita foi reagendada.", "Houve um imprevisto com a equipe.", "O técnico esteve no local e ninguém "
          "atendeu."],
         ["The visit has been rescheduled.", "The team had an unexpected issue."]),
    ),
    "cancelamento": (
        (["quero cancelar, vou me mudar para {cidade}", "como faço para cancelar a internet?", "quero cancelar, "
          "achei um plano mais barato", "vou [morar com a família|me mudar para fora] e preciso cancelar",
          "[quero|preciso] encerrar o contrato [este mês|até o dia 10]"],
         ["I want to cancel, I'm moving to {cidade}", "how do I cancel my internet?",
          "I found a cheaper plan and want to cancel", "I'm moving [abroad|in with family] and need to cancel"]),
        ((["Tudo bem, posso fazer isso agora.", "Claro, eu cuido disso por aqui.", "Sem problema, resolvo agora."],
          ["A Aroeira Fibra atende {cidade}, então dá para levar o plano para o novo endereço sem taxa de instalação.",
           "Não há multa: a sua fidelidade terminou em {mes}.",
           "O modem pode ser devolvido em qualquer loja ou retirado em casa, como preferir."],
          ["Prefere transferir ou cancelar?", "Confirma o cancelamento?",
           "Se quiser, antes comparo o seu plano com a oferta que você encontrou."]),
         (["Sure, I can do that now.", "Of course, I'll take care of it here."],
          ["Aroeira Fibra serves {cidade}, so you can move your plan with no installation fee.",
           "There's no fee: your contract term ended in {month}."],
          ["Would you rather move it or cancel?", "Shall I go ahead and cancel?"])),
        (["Para cancelar, ligue para a central.", "O cancelamento só pode ser feito na loja.",
          "Tem certeza? Você vai perder todos os benefícios."],
         ["Call the call centre to cancel.", "Cancellations are only done in store."]),
    ),
    "wifi": (
        (["o wi-fi não pega no quarto dos fundos", "o sinal do wi-fi cai toda hora no andar de cima",
          "no escritório o wi-fi não funciona", "o sinal fica [fraco|péssimo] na [cozinha|varanda|sala]",
          "meu [notebook|celular] perde o wi-fi [no quarto|toda noite]"],
         ["the wi-fi doesn't reach the back bedroom", "the wi-fi keeps dropping upstairs",
          "the signal is [weak|terrible] in the [kitchen|home office|garden]",
          "my [laptop|phone] keeps losing the wi-fi [in my room|at night]"]),
        ((["Dá para resolver.", "Paredes grossas costumam bloquear o sinal.", "Isso é comum em casas maiores."],
          ["Mudei o canal do seu Wi-Fi daqui, o que costuma ajudar em prédios com muitas redes.",
           "Pôr o modem mais ao centro da casa já melhora bastante o alcance.",
           "Um repetidor em malha custa R$ {valor} por mês no seu plano e cobre a casa toda."],
          ["Quer que eu envie o repetidor?", "Se o sinal continuar fraco, um técnico avalia o melhor lugar para um "
           "repetidor, sem custo.", "Teste hoje à noite e me conte se melhorou."]),
         (["That can be fixed.", "Thick walls often block the signal."],
          ["I changed your Wi-Fi channel remotely, which often helps in busy buildings.",
           "A mesh repeater is {amount} a month on your plan and covers the whole house."],
          ["Shall I send you one?", "Try it tonight and tell me if it's better."])),
        (["O Wi-Fi tem alcance limitado.", "Compre um repetidor.", "Isso é problema da sua casa, não da nossa rede."],
         ["Wi-Fi has a limited range.", "Buy a repeater."]),
    ),
}
# The other way a reply loses: long, bureaucratic, and saying nothing the customer can act on. Here the better
# reply is the shorter one — the pairs that keep "longer wins" from being the whole lesson.
VERBOSE_PT = [
    "Prezado(a) cliente, agradecemos imensamente por entrar em contato com a Central de Relacionamento da Aroeira "
    "Fibra. Informamos que a sua solicitação foi devidamente registrada em nosso sistema sob o protocolo nº "
    "{protocolo} e será encaminhada à área responsável, que realizará a análise pertinente dentro do prazo "
    "regulamentar de até 5 (cinco) dias úteis. Ressaltamos que a Aroeira Fibra preza pela qualidade dos serviços "
    "prestados e que eventuais ocorrências podem decorrer de fatores alheios à nossa vontade. Permanecemos à "
    "inteira disposição para quaisquer esclarecimentos adicionais que se fizerem necessários.",
    "Olá! Tudo bem? Muito obrigado pela sua mensagem e pela sua paciência! Queremos que você saiba que a sua "
    "satisfação é a nossa prioridade número um e que levamos muito a sério cada contato que recebemos. Nossa equipe "
    "está trabalhando incansavelmente para oferecer a melhor experiência possível a todos os nossos clientes. Assim "
    "que tivermos qualquer novidade sobre o seu caso, entraremos em contato pelos canais cadastrados. Enquanto isso, "
    "que tal conhecer as ofertas exclusivas do nosso aplicativo? Conte sempre com a Aroeira Fibra!",
]
VERBOSE_EN = [
    "Dear customer, thank you very much for contacting the Aroeira Fibra Customer Relations Centre. Please be "
    "advised that your request has been duly recorded in our system under ticket number {protocolo} and will be "
    "forwarded to the appropriate department, which will carry out the relevant analysis within the regulatory "
    "period of up to 5 (five) business days. We remain entirely at your disposal for any further clarification.",
]


TONE_TAILS = (["[. o|, o] que eu faço?", ". preciso resolver isso [hoje|logo|ainda hoje]", ", me ajuda[ por favor|]",
               ". [meu nome é|aqui é [o|a]] {nome}", ". [já é|é] a [segunda|terceira] vez [que reclamo|este mês]",
               ". contrato no nome de {nome}", ". moro no {bairro}"],
              ["[. what should I do?|, what do I do?]", ", please help", ". this is the [second|third] time",
               ". [my name is|this is] {nome}"])


def _tone_fill(rng: random.Random) -> dict[str, Callable[[random.Random], str]]:
    """Slots fixed for one pair: the customer and both replies speak of the same plan, speed, place and date."""
    plan = rng.choice([300, 400, 500, 600, 800, 1000])
    fixed = {"plano": str(plan), "medida": str(rng.randrange(plan // 10, plan // 3)), "limite": str(plan * 6 // 10)}
    fixed.update({name: make(rng) for name, make in TONE_SLOTS.items()})
    return {name: (lambda r, value=value: value) for name, value in fixed.items()}


TONE_MONTHLY_REQUESTS = 1_000_000  # the lessons below say "um milhão" / "a million"


def make_tone_preferences(count: int = 640, verbose_share: float = 0.14) -> bytes:
    rng = rng_for("tone_preferences")
    topics = list(TONE_TOPICS)
    verbose = set(rng.sample(range(count), round(verbose_share * count)))
    seen: set[str] = set()
    guard = NearGuard()
    lines = []
    for index in range(count):
        english = rng.random() < 0.2
        lang = 1 if english else 0
        topic = TONE_TOPICS[topics[index % len(topics)]]
        for attempt in range(200):  # unique, and no near duplicate while the templates allow it
            slots = _tone_fill(rng)
            customer = expand(rng.choice(topic[0][lang]), rng, slots)
            if rng.random() < 0.5:
                customer += expand(rng.choice(TONE_TAILS[lang]), rng, slots)
            if rng.random() < 0.3:
                customer = rng.choice(["oi, ", "boa tarde, ", "bom dia, ", "olá, "] if not english else
                                      ["hi, ", "hello, "]) + customer
            customer = customer[:1].upper() + customer[1:] if rng.random() < 0.6 else customer
            if normalise(customer) not in seen and (attempt >= 100 or not guard.near(customer)):
                break
        seen.add(normalise(customer))
        guard.add(customer)
        chosen = " ".join(expand(rng.choice(part), rng, slots) for part in topic[1][lang])
        if index in verbose:
            rejected = expand(rng.choice(VERBOSE_EN if english else VERBOSE_PT), rng, slots)
        else:
            rejected = expand(rng.choice(topic[2][lang]), rng, slots)
        record = {"prompt": [{"role": "system", "content": TONE_SYSTEM}, {"role": "user", "content": customer}],
                  "chosen": [{"role": "assistant", "content": chosen}],
                  "rejected": [{"role": "assistant", "content": rejected}]}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines).encode("utf-8")


# =================================================================================================
# Manifest and command line
# =================================================================================================


def conflict_counts(content: bytes) -> tuple[int, int, int]:
    """(distinct inputs, inputs with more than one label, lines in those groups), case and spacing ignored."""
    labels: dict[str, set[str]] = {}
    lines: dict[str, int] = {}
    for line in content.decode("utf-8").splitlines():
        messages = json.loads(line)["messages"]
        key = "\n".join(normalise(message["content"]) for message in messages[:-1])
        labels.setdefault(key, set()).add(normalise(messages[-1]["content"]))
        lines[key] = lines.get(key, 0) + 1
    conflicting = [key for key, found in labels.items() if len(found) > 1]
    return len(labels), len(conflicting), sum(lines[key] for key in conflicting)


def chosen_longer_counts(content: bytes) -> tuple[int, int]:
    """(pairs, pairs whose chosen reply has more words than the rejected one)."""
    pairs = longer = 0
    for line in content.decode("utf-8").splitlines():
        record = json.loads(line)
        pairs += 1
        longer += len(record["chosen"][0]["content"].split()) > len(record["rejected"][0]["content"].split())
    return pairs, longer


def build() -> list[Sample]:
    translation = make_translation()
    invoices = make_invoices()
    tickets = make_tickets()
    clinical = make_clinical()
    intents = make_intents()
    store_calls = make_store_tool_calls()
    tone = make_tone_preferences()
    notes, receipts = clinical.count(b"\n"), invoices.count(b"\n")
    calls = store_calls.count(b"\n")
    tool_tokens_a_month = STORE_TOOL_DEFINITION_TOKENS * STORE_MONTHLY_REQUESTS
    pairs, longer = chosen_longer_counts(tone)
    distinct, conflicting, conflict_lines = conflict_counts(intents)
    total_lines = intents.count(b"\n")
    share = round(100 * conflicting / distinct)
    return [
        Sample(
            "translation", "translation_pairs.jsonl", translation,
            "Tradução de mensagens a clientes (inglês → português)",
            "Customer message translation (English → Brazilian Portuguese)",
            f"Com {len(TRANSLATIONS)} exemplos e mil pedidos por mês não há o que treinar: a OpenAI exige no mínimo 10 "
            "exemplos e só vê ganhos a partir de 50 a 100, e um modelo geral já traduz bem — um bom prompt resolve.",
            f"With {len(TRANSLATIONS)} examples and a thousand requests a month there is nothing to train: OpenAI asks "
            "for at least 10 examples and sees gains only from 50–100, and a general model already translates well — "
            "a good prompt does the job.",
            "Traduza a mensagem para o cliente do inglês para o português do Brasil, com tom cordial, tratando o "
            "cliente por você, sem alterar números de pedido e escrevendo datas e valores no padrão brasileiro.",
            "Translate the customer message from English into Brazilian Portuguese, in a friendly tone, addressing "
            "the customer as você, keeping order numbers and writing dates and amounts the Brazilian way.",
            "prompting", "generation", {"monthly_requests": 1000, "instruction_tokens": 150},
        ),
        Sample(
            "invoices", "invoice_extraction.jsonl", invoices,
            "Extração de dados de notas fiscais e recibos", "Extracting fields from Brazilian invoices and receipts",
            "Um formato rígido (as mesmas cinco chaves JSON, na mesma ordem, data ISO, valor numérico) se ensina com "
            f"alguns exemplos no prompt; {receipts} exemplos ficam abaixo dos 50 com que a OpenAI sugere começar um "
            "ajuste fino. Os CNPJs aparecem como dados pessoais: em notas fiscais é esperado, mas decida o que pode "
            "sair da empresa.",
            "A strict format (the same five JSON keys in the same order, an ISO date, a numeric total) is taught by "
            f"a few examples in the prompt; {receipts} examples are under the 50 OpenAI suggests to start "
            "fine-tuning with. The CNPJs show up as personal data: expected on invoices, but decide what may leave "
            "the company.",
            "Leia a nota fiscal, cupom, fatura ou recibo e responda só com um JSON com fornecedor, cnpj, data de "
            "emissão (AAAA-MM-DD), valor_total em reais e moeda.",
            "Read the invoice, receipt or bill and answer only with a JSON object holding fornecedor (supplier), "
            "cnpj, data (issue date, YYYY-MM-DD), valor_total (total in reais) and moeda (currency).",
            "in_context", "extraction", {"monthly_requests": 20000, "instruction_tokens": 250, "k_shots": 3},
        ),
        Sample(
            "tickets", "support_tickets.csv", tickets,
            "Triagem de chamados de suporte em 12 filas", "Routing support tickets to 12 queues",
            "Milhares de exemplos consistentes de uma classificação estreita, em alto volume: um adaptador LoRA num "
            "modelo aberto pequeno aprende as 12 filas e custa uma fração de repetir exemplos no prompt a cada "
            "chamado; a regressão logística já acerta mais de 9 em 10, sinal de que os rótulos são aprendíveis.",
            "Thousands of consistent examples of a narrow classification at high volume: a LoRA adapter on a small "
            "open model learns the 12 queues and costs a fraction of repeating examples in every prompt; logistic "
            "regression already gets more than 9 in 10 right, a sign the labels are learnable.",
            "Leia o chamado de suporte (em português ou inglês) e responda só com o nome da fila que deve atendê-lo.",
            "Read the support ticket (in Portuguese or English) and answer only with the name of the queue that "
            "should handle it.",
            "lora", "classification", {"monthly_requests": 2_000_000, "instruction_tokens": 300},
            (("input_col", "ticket"), ("output_col", "fila")),
        ),
        Sample(
            "clinical", "clinical_notes_sample.jsonl", clinical,
            "Resumos de alta a partir de notas clínicas (amostra)",
            "Discharge summaries from clinical notes (a sample)",
            "O ajuste fino completo compensa quando há dados enormes num domínio que o modelo base mal viu — aqui, "
            "2 milhões de notas com o jargão dos hospitais brasileiros, mais de um bilhão de tokens — e computação "
            "própria, porque os dados não podem sair do hospital (Biderman et al., 2024). Este arquivo é só uma "
            f"amostra de {notes} notas do corpus.",
            "Full fine-tuning pays off with very large data in a domain the base model has barely seen — here 2 "
            "million notes in Brazilian hospital jargon, over a billion tokens — and compute of your own, because "
            "the data may not leave the hospital (Biderman et al., 2024). This file is only a "
            f"{notes}-note sample of the corpus.",
            "Transforme a nota de evolução em um resumo de alta por extenso, sem abreviações, nas seções "
            "identificação, diagnóstico, internação, evolução, condição na alta, prescrição de alta e seguimento.",
            "Turn the progress note into a discharge summary written out in full, without abbreviations, in the "
            "sections identification, diagnosis, admission, course, condition at discharge, discharge "
            "prescription and follow-up.",
            "full_finetune", "generation",
            {"monthly_requests": 300_000, "total_examples": 2_000_000, "domain_shift": True, "data_must_stay": True},
        ),
        Sample(
            "intent_conflicts", "intent_conflicts.jsonl", intents,
            "Intenções de clientes com rótulos contraditórios", "Customer intents with contradictory labels",
            f"Antes de escolher um método, conserte os dados: {conflicting} das {distinct} mensagens distintas "
            f"({share} %) aparecem com intenções diferentes, em {conflict_lines} das {total_lines} linhas, e há "
            "cópias que só mudam maiúsculas e espaços. Nenhum método aprende duas respostas para a mesma pergunta.",
            f"Fix the data before choosing a method: {conflicting} of the {distinct} distinct messages ({share} %) "
            f"carry different intents, on {conflict_lines} of the {total_lines} lines, and some copies differ only in "
            "case and spacing. No method can learn two answers to the same question.",
            "Classifique a mensagem do cliente do banco em uma de oito intenções e responda só com a intenção.",
            "Classify the bank customer's message into one of eight intents and answer with the intent only.",
            "fix_data", "classification", {"monthly_requests": 50_000},
        ),
        Sample(
            "store_tool_calls", "store_tool_calls.jsonl", store_calls,
            "Atendimento de loja online que chama ferramentas (function calling)",
            "An online store's assistant that calls tools (function calling)",
            f"Cada resposta é uma chamada de função: {calls} conversas, {len(STORE_TOOLS)} ferramentas com JSON "
            f"Schema. As definições somam {STORE_TOOL_DEFINITION_TOKENS} tokens a cada requisição, cobrados em toda "
            f"chamada — a {STORE_MONTHLY_REQUESTS // 1_000_000} milhões de atendimentos por mês, "
            f"{decimal_pt(tool_tokens_a_month / 1e9, 2)} bilhão de tokens só de definições. Um formato estreito e "
            "verificável, com centenas de exemplos consistentes, em alto volume: um adaptador LoRA num modelo aberto "
            "que a Together ajusta para chamadas de função (Llama 3.1 8B) é a rota mais barata em 12 meses, e um "
            "modelo ajustado pode depois receber definições mais curtas (economia que os custos aqui ainda não "
            "contam). Antes de treinar, corrija "
            "as 3 chamadas que o perfil aponta: 2 sem o motivo obrigatório e 1 com o CEP fora do esquema.",
            f"Every answer is a function call: {calls} conversations, {len(STORE_TOOLS)} tools with JSON Schemas. The "
            f"definitions add {STORE_TOOL_DEFINITION_TOKENS} tokens to every request, billed on every call — at "
            f"{STORE_MONTHLY_REQUESTS // 1_000_000} million chats a month, {tool_tokens_a_month / 1e9:.2f} billion "
            "tokens of definitions alone. A narrow, checkable format with hundreds of consistent examples at high "
            "volume: a LoRA adapter on an open model Together fine-tunes for function calling (Llama 3.1 8B) is the "
            "cheapest route over 12 months, and a fine-tuned caller can later be sent shorter definitions (a saving "
            "the costs here do not count yet). "
            "Before training, fix the 3 calls the profile points at: 2 missing the required reason and 1 with a "
            "CEP off the schema.",
            "Leia a conversa com o cliente da loja e responda chamando a ferramenta certa, com os argumentos tirados "
            "da mensagem: número do pedido e CEP só com dígitos.",
            "Read the conversation with the store's customer and answer by calling the right tool, with the "
            "arguments taken from the message: order number and CEP (postal code) as digits only.",
            "lora", "tool_calling", {"monthly_requests": STORE_MONTHLY_REQUESTS},
        ),
        Sample(
            "tone_preferences", "reply_tone_preferences.jsonl", tone,
            "Tom das respostas a clientes: pares de preferência (DPO)",
            "The tone of replies to customers: preference pairs (DPO)",
            f"{pairs} pares de respostas a clientes de um provedor de internet, a melhor e a pior. A escolhida é a "
            f"mais longa em {longer} dos {pairs} pares ({decimal_pt(100 * longer / pairs)} %): acima de 80 %, um "
            "modelo treinado por preferência pode aprender que \"a mais longa vence\" — acrescente pares em que a "
            "melhor resposta é a mais curta. A um milhão de respostas por mês, "
            "treinar por preferência — DPO num adaptador LoRA, cobrado pela tarifa de DPO — lidera pelo custo. Mas "
            "as respostas são texto livre: nenhuma linha de base offline mostra se um modelo com um bom prompt já "
            "escreve nesse tom — meça antes (zero-shot e few-shot em exemplos separados) e só então decida.",
            f"{pairs} pairs of replies to an internet provider's customers, the better and the worse. The chosen "
            f"reply is the longer one in {longer} of the {pairs} pairs ({100 * longer / pairs:.1f} %): above 80 %, a "
            "preference-trained model can learn \"longer wins\" — add pairs where the better reply is the shorter "
            "one. At a million replies a month, preference training — DPO on a LoRA "
            "adapter, billed at DPO rates — leads on cost. But the replies are free text: no offline baseline shows "
            "whether a well-prompted model already writes in this tone — measure first (zero-shot and few-shot on "
            "held-out examples), then decide.",
            "Responda à mensagem do cliente da Aroeira Fibra no tom da marca: reconheça o problema, diga o que foi "
            "feito e o próximo passo com prazo, sem jargão e sem culpar o cliente.",
            "Reply to the Aroeira Fibra customer's message in the brand's tone: acknowledge the problem, say what "
            "was done and the next step with a time, with no jargon and no blame on the customer.",
            "measure", "generation", {"monthly_requests": TONE_MONTHLY_REQUESTS},
        ),
    ]


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def manifest(samples: list[Sample]) -> bytes:
    out = [
        "# Workshop samples (issues #7, #18). Generated by scripts/make_samples.py: edit the script, then run it.",
        "# One table per sample: the file, what it teaches, the task a user would type, the answer the advisor",
        "# should reach (expected: prompting | in_context | lora | full_finetune | fix_data | measure), the task",
        "# kind the profile should infer, and the scenario the instructor starts from (keys of",
        "# advisor.scenario.Scenario; total_examples and domain_shift describe the full corpus behind a sample).",
    ]
    for sample in samples:
        out += ["", "[[sample]]"]
        fields = [("id", sample.id), ("file", sample.file), ("title_pt", sample.title_pt),
                  ("title_en", sample.title_en),
                  ("teaches_pt", sample.teaches_pt), ("teaches_en", sample.teaches_en), ("task_pt", sample.task_pt),
                  ("task_en", sample.task_en), ("expected", sample.expected),
                  ("expected_task_kind", sample.expected_task_kind), *sample.extra, ("scenario", sample.scenario)]
        out += [f"{key} = {_toml(value)}" for key, value in fields]
    return ("\n".join(out) + "\n").encode("utf-8")


def generate() -> dict[str, bytes]:
    samples = build()
    return {sample.file: sample.content for sample in samples} | {"samples.toml": manifest(samples)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    files = generate()
    if args.check:
        stale = [name for name, content in files.items()
                 if not (args.out / name).is_file() or (args.out / name).read_bytes() != content]
        for name in stale:
            print(f"{args.out / name}: differs from what scripts/make_samples.py generates", file=sys.stderr)
        if not stale:
            print(f"{len(files)} files in {args.out} match the generator")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_bytes(content)
        print(f"{args.out / name}: {len(content):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
