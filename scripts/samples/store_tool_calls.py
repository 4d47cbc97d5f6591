"""store_tool_calls.jsonl, expected answer lora: 360 calls to 6 tools, 518 tokens of definitions on each of
3 million requests a month.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from samples.common import NearGuard, Sample, decimal_pt, expand, normalise, rng_for, strip_accents

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


def sample() -> Sample:
    content = make_store_tool_calls()
    calls = content.count(b"\n")
    tool_tokens_a_month = STORE_TOOL_DEFINITION_TOKENS * STORE_MONTHLY_REQUESTS
    return Sample(
        "store_tool_calls", "store_tool_calls.jsonl", content,
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
    )
