"""Offline baselines and learning curve on a realistic classification file, against loading + tokenizing it.

    .venv/bin/python benchmarks/bench_baselines.py [--examples 3000] [--queues 12] [--keep]

Generates support tickets in Portuguese (≈ 60 %) and English routed to ~12 queues of unequal size
(Zipf-like shares): a greeting, an order number or some context, one or two of the queue's typical
complaints in varied wording, a closing, sometimes an e-mail; about 8 % also raise another queue's
complaint and 3 % carry the wrong label, so no learner is perfect. Written as OpenAI chat JSONL (a shared
system prompt, the ticket, the queue as the answer). Then measures in one process:
  1. reference: `advisor.load` + `advisor.count_tokens` of the same file;
  2. the first import of scikit-learn, once per process, reported apart;
  3. `offline_baselines` (5-fold cross-validation: majority, TF-IDF + logistic regression, nearest
     neighbour) and `learning_curve` (10/25/50/100 %), wall time of each and together.
Target (issue 5): offline baselines on a 3,000-example classification file finish within seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path

import advisor
from advisor.baselines.learning_curve import learning_curve
from advisor.baselines.offline import offline_baselines

SYSTEM = ("Classifique o chamado de suporte em uma das filas da empresa e responda só com o nome da fila. "
          "Classify the support ticket into one of the company's queues and answer with the queue name only.")
QUEUES = {  # queue: (Portuguese phrases, English phrases); a ticket states one or two of its queue's
    "cobranca": (
        ["a fatura veio com valor duplicado", "fui cobrado duas vezes no cartão", "o boleto venceu e não consigo pagar",
         "apareceu uma cobrança que não reconheço", "os juros da parcela estão errados"],
        ["the invoice shows a duplicated amount", "i was charged twice on my card", "the bill is higher than agreed",
         "there is a charge i do not recognise", "the payment failed but money left my account"]),
    "entrega": (
        ["a entrega está atrasada", "o rastreio não atualiza há dias", "a transportadora não encontrou o endereço",
         "o pacote foi entregue no endereço errado", "o prazo de entrega já passou"],
        ["the delivery is late", "tracking has not updated for days", "the courier could not find my address",
         "the parcel went to the wrong address", "the shipping date has passed"]),
    "troca": (
        ["quero trocar por outro tamanho", "veio a cor errada", "o produto chegou diferente do anúncio",
         "preciso trocar a peça com defeito", "a etiqueta indica outro modelo"],
        ["i want to exchange it for another size", "i got the wrong colour",
         "the product is different from the listing", "i need to swap the defective item",
         "the label shows another model"]),
    "cancelamento": (
        ["quero cancelar o pedido", "desisti da compra e quero o estorno", "cancelei mas o pedido não foi cancelado",
         "peço o cancelamento da assinatura", "me arrependi da compra"],
        ["i want to cancel the order", "i changed my mind and want a refund", "i cancelled but the order is still open",
         "please cancel my subscription", "i regret the purchase"]),
    "tecnico": (
        ["o aplicativo fecha sozinho", "não consigo fazer login", "a tela fica branca depois da atualização",
         "o site dá erro ao finalizar", "a senha nova não funciona"],
        ["the app keeps crashing", "i cannot log in", "the screen goes blank after the update",
         "the website shows an error at checkout", "my new password does not work"]),
    "conta": (
        ["preciso alterar o e-mail do cadastro", "quero excluir minha conta", "meu telefone mudou",
         "os dados do perfil estão errados", "não recebo o código de verificação"],
        ["i need to change the email on my account", "i want to delete my account", "my phone number changed",
         "my profile details are wrong", "i do not get the verification code"]),
    "garantia": (
        ["o aparelho parou de funcionar", "quero acionar a garantia", "onde fica a assistência técnica",
         "quebrou com um mês de uso", "o conserto está demorando"],
        ["the device stopped working", "i want to use the warranty", "where is the repair service",
         "it broke after one month", "the repair is taking too long"]),
    "promocao": (
        ["o cupom de desconto não funciona", "o preço da promoção não foi aplicado", "o código promocional expirou",
         "vi uma oferta com outro preço", "o desconto da black friday sumiu"],
        ["the discount coupon does not work", "the sale price was not applied", "the promo code expired",
         "i saw an offer at a lower price", "the black friday discount disappeared"]),
    "fiscal": (
        ["preciso da nota fiscal", "a nota saiu com o cnpj errado", "não recebi o xml da nota",
         "a nota fiscal tem o valor errado"],
        ["i need the tax receipt", "the receipt has the wrong company number", "i did not get the vat invoice",
         "the tax document shows the wrong amount"]),
    "loja_fisica": (
        ["fui mal atendido na loja do shopping", "qual o horário da loja física", "o vendedor do balcão não ajudou",
         "a unidade do centro estava fechada"],
        ["the staff at the mall store were rude", "what are the store opening hours",
         "the clerk at the counter did not help", "the downtown branch was closed"]),
    "marketplace": (
        ["o vendedor parceiro não responde", "o anúncio do lojista era falso", "comprei de um vendedor terceiro",
         "o parceiro do marketplace cancelou sem avisar"],
        ["the partner seller does not answer", "the merchant's listing was fake", "i bought from a third-party seller",
         "the marketplace seller cancelled without notice"]),
    "elogio": (
        ["quero elogiar o atendimento", "parabéns pela entrega rápida", "o atendente foi excelente",
         "obrigado pela ajuda de ontem"],
        ["i want to compliment your service", "great job on the fast delivery", "the agent was excellent",
         "thanks for the help yesterday"]),
}
OPENERS = (["Olá,", "Bom dia,", "Boa tarde,", "Oi, tudo bem?", "Prezados,"],
           ["Hello,", "Good morning,", "Hi there,", "Dear team,", "Hi,"])
CONTEXT = (["fiz o pedido {order} na semana passada", "meu pedido é o {order}", "comprei pelo site, pedido {order}",
            "já liguei duas vezes", "já tentei pelo chat"],
           ["i placed order {order} last week", "my order number is {order}", "i bought on the website, order {order}",
            "i already called twice", "i already tried the chat"])
CLOSERS = (["Aguardo retorno.", "Obrigado.", "Preciso de uma solução rápida.", "Podem me ajudar?", ""],
           ["Looking forward to your reply.", "Thanks.", "I need a quick solution.", "Can you help?", ""])


def generate(path: Path, examples: int, queues: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    names = list(QUEUES)[:queues]
    shares = [1 / (rank + 1) ** 0.8 for rank in range(len(names))]
    with path.open("w", encoding="utf-8") as handle:
        for index in range(examples):
            queue = rng.choices(names, shares)[0]
            pick = 0 if rng.random() < 0.6 else 1  # Portuguese or English
            statements = rng.sample(QUEUES[queue][pick], rng.randint(1, 2))
            if rng.random() < 0.08:  # tickets that also touch another queue
                statements.append(rng.choice(QUEUES[rng.choice(names)][pick]))
                rng.shuffle(statements)
            context = rng.choice(CONTEXT[pick]).format(order=f"#{rng.randrange(10**7)}")
            parts = [rng.choice(OPENERS[pick]), context.capitalize() + ".",
                     ". ".join(statement.capitalize() for statement in statements) + ".", rng.choice(CLOSERS[pick])]
            if index % 40 == 0:
                parts.append(f"cliente{index}@exemplo.com.br")
            label = rng.choice(names) if rng.random() < 0.03 else queue
            messages = [{"role": "system", "content": SYSTEM},
                        {"role": "user", "content": " ".join(part for part in parts if part)},
                        {"role": "assistant", "content": label}]
            handle.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=3000)
    parser.add_argument("--queues", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    path = folder / "tickets.jsonl"
    generate(path, args.examples, args.queues)
    print(f"file: {args.examples:,} tickets, {args.queues} queues, {path.stat().st_size / 2**20:.2f} MB")

    start = time.perf_counter()
    dataset = advisor.load(str(path))
    advisor.count_tokens(dataset)
    reference = time.perf_counter() - start

    start = time.perf_counter()  # paid once per process (the app and the CLI import it once)
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.linear_model  # noqa: F401
    import_seconds = time.perf_counter() - start

    start = time.perf_counter()
    offline = offline_baselines(dataset, seed=0)
    offline_seconds = time.perf_counter() - start
    start = time.perf_counter()
    curve = learning_curve(dataset, task_kind=offline.task_kind, seed=0)
    curve_seconds = time.perf_counter() - start
    total = offline_seconds + curve_seconds

    print(f"task kind: {offline.task_kind}; {offline.folds}-fold cross-validation over {offline.examples:,} examples")
    for result in offline.results:
        print(f"  {result.strategy:<20} {result.metric:<9} {result.score:.3f} "
              f"[{result.ci_low:.3f}, {result.ci_high:.3f}] n={result.n:,}")
    print(f"learning curve ({curve.learner}, {curve.metric}, {curve.validation_examples} validation examples):")
    for point in curve.points:
        print(f"  {point.examples:>6,} examples  {point.score:.3f} [{point.ci_low:.3f}, {point.ci_high:.3f}]")
    print(f"  fit: {None if curve.fit is None else curve.fit.to_dict()}")
    print(f"  target {curve.target}: {curve.examples_for_target} examples ({curve.status}) — {curve.message()}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings on a shared machine vary)")
    print(f"reference (advisor.load + count_tokens): {reference:.2f} s")
    print(f"first import of scikit-learn: {import_seconds:.2f} s (not in the figures below)")
    print(f"offline baselines: {offline_seconds:.2f} s = {offline_seconds / reference:.1f}× reference")
    print(f"learning curve:    {curve_seconds:.2f} s = {curve_seconds / reference:.1f}× reference")
    print(f"together:          {total:.2f} s = {total / reference:.1f}× reference (target: within seconds)")
    if args.keep:
        print(f"kept {path}")
    else:
        path.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
