"""intent_conflicts.jsonl, expected answer fix_data: a quarter of the distinct messages carry contradictory
labels.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from samples.common import MONTHS_EN, MONTHS_PT, Sample, chat_line, expand, normalise, rng_for

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


def sample() -> Sample:
    content = make_intents()
    distinct, conflicting, conflict_lines = conflict_counts(content)
    total_lines = content.count(b"\n")
    share = round(100 * conflicting / distinct)
    return Sample(
        "intent_conflicts", "intent_conflicts.jsonl", content,
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
    )
