"""support_tickets.csv, expected answer lora: 3,000 consistent labels, 12 queues, 2 million requests a month.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable

from samples.common import (
    FIRST_NAMES,
    MONTHS_EN,
    MONTHS_PT,
    Sample,
    brl,
    expand,
    rng_for,
    sentence,
    strip_accents,
    word_bigrams,
)

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


def sample() -> Sample:
    content = make_tickets()
    return Sample(
        "tickets", "support_tickets.csv", content,
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
    )
