"""invoice_extraction.jsonl, expected answer in_context: a strict JSON format a few examples teach; 45 are too
few to train.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from samples.common import (
    CITIES,
    DAYS_IN_MONTH,
    MONTHS_PT,
    Sample,
    bare,
    brl,
    chat_line,
    make_cnpj,
    random_date,
    rng_for,
    sentence,
)

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


def sample() -> Sample:
    content = make_invoices()
    receipts = content.count(b"\n")
    return Sample(
        "invoices", "invoice_extraction.jsonl", content,
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
    )
