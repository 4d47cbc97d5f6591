"""reply_tone_preferences.jsonl, expected answer measure: 640 preference pairs of free-text replies; no offline
baseline judges tone, so a prompted model is measured first.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from samples.common import (
    FIRST_NAMES,
    MONTHS_EN,
    MONTHS_PT,
    NearGuard,
    Sample,
    brl,
    decimal_pt,
    expand,
    normalise,
    rng_for,
)

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


def chosen_longer_counts(content: bytes) -> tuple[int, int]:
    """(pairs, pairs whose chosen reply has more words than the rejected one)."""
    pairs = longer = 0
    for line in content.decode("utf-8").splitlines():
        record = json.loads(line)
        pairs += 1
        longer += len(record["chosen"][0]["content"].split()) > len(record["rejected"][0]["content"].split())
    return pairs, longer


def sample() -> Sample:
    content = make_tone_preferences()
    pairs, longer = chosen_longer_counts(content)
    return Sample(
        "tone_preferences", "reply_tone_preferences.jsonl", content,
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
    )
