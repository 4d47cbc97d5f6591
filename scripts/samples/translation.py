"""translation_pairs.jsonl, expected answer prompting: 32 pairs; a general model already translates; 1,000
requests a month.
"""

from __future__ import annotations

from samples.common import MONTHS_EN, MONTHS_PT, Sample, chat_line, random_date, rng_for

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


def sample() -> Sample:
    content = make_translation()
    return Sample(
        "translation", "translation_pairs.jsonl", content,
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
    )
