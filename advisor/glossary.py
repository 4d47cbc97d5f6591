"""The words the advisor uses, each in a sentence or two a product manager can read, in English and Portuguese,
with the paper or page that defines it where there is one.

Pure data: the app shows it one click away on every step (a sidebar toggle) and the report prints it as an
appendix. Sources are named by title, authors and year, with a link; arXiv links are the papers' own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "pt")


@dataclass(frozen=True, slots=True)
class Source:
    title: str
    authors: str
    year: int
    url: str
    venue: str = ""

    def citation(self) -> str:
        """'Hu et al. (2021), "LoRA: …", ICLR 2022': surnames, 'et al.' past two authors (language-neutral)."""
        surnames = [name.split()[-1] for name in self.authors.split(",") if name.strip() != "et al."]
        authors = " & ".join(surnames) if len(surnames) <= 2 else f"{surnames[0]} et al."
        venue = f", {self.venue}" if self.venue else ""
        return f"{authors} ({self.year}), \u201c{self.title}\u201d{venue}"


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    name_en: str
    name_pt: str
    definition_en: str
    definition_pt: str
    source: Source | None = None

    def name(self, lang: str = "en") -> str:
        return self.name_pt if lang == "pt" else self.name_en

    def definition(self, lang: str = "en") -> str:
        return self.definition_pt if lang == "pt" else self.definition_en


_BROWN_2020 = Source(
    "Language Models are Few-Shot Learners",
    "Tom B. Brown, Benjamin Mann, Nick Ryder, Melanie Subbiah, Jared Kaplan, Prafulla Dhariwal, Arvind Neelakantan, "
    "Pranav Shyam, Girish Sastry, Amanda Askell, et al.",
    2020, "https://arxiv.org/abs/2005.14165", "NeurIPS 2020",
)

# In reading order: the four options, how they are tried, how results are scored, what the money depends on.
GLOSSARY: tuple[Term, ...] = (
    Term(
        "zero_shot", "Zero-shot", "Zero-shot (sem exemplos)",
        "Asking a model to do the task from instructions alone, with no worked examples in the prompt. The cheapest "
        "option to try: nothing to prepare and nothing to train.",
        "Pedir ao modelo que faça a tarefa só com instruções, sem nenhum exemplo resolvido no prompt. É a opção mais "
        "barata de testar: nada a preparar e nada a treinar.",
        _BROWN_2020,
    ),
    Term(
        "few_shot", "Few-shot", "Few-shot (poucos exemplos)",
        "Putting a handful of worked examples (an input and its expected answer) in every prompt so the model copies "
        "the pattern. Each request costs more, because the examples are paid for every time.",
        "Colocar alguns exemplos resolvidos (uma entrada e a resposta esperada) em todo prompt para o modelo imitar o "
        "padrão. Cada pedido custa mais, porque os exemplos são pagos todas as vezes.",
        _BROWN_2020,
    ),
    Term(
        "retrieved_few_shot", "Retrieved few-shot", "Few-shot recuperado",
        "Few-shot where each prompt gets the examples from your data most similar to the incoming request, picked "
        "automatically, instead of one fixed set. It usually answers better than random examples.",
        "Few-shot em que cada prompt recebe os exemplos dos seus dados mais parecidos com o pedido que chegou, "
        "escolhidos automaticamente, em vez de um conjunto fixo. Costuma acertar mais do que exemplos ao acaso.",
        Source("What Makes Good In-Context Examples for GPT-3?",
               "Jiachang Liu, Dinghan Shen, Yizhe Zhang, Bill Dolan, Lawrence Carin, Weizhu Chen",
               2021, "https://arxiv.org/abs/2101.06804"),
    ),
    Term(
        "in_context", "In-context learning", "Aprendizado em contexto (in-context learning)",
        "The model picks up the task from what is in the prompt — instructions and examples — at the moment of each "
        "request. Nothing is trained and the model does not change; zero-shot and few-shot are its two forms.",
        "O modelo entende a tarefa pelo que está no prompt — instruções e exemplos — no momento de cada pedido. Nada "
        "é treinado e o modelo não muda; zero-shot e few-shot são as suas duas formas.",
        _BROWN_2020,
    ),
    Term(
        "lora", "LoRA", "LoRA",
        "Instead of changing the whole model, LoRA trains a small add-on (an adapter, from a tenth of a percent to "
        "a few percent of the model's size) that steers it towards your task. Much cheaper to train and to store; "
        "one base model can serve many adapters.",
        "Em vez de mudar o modelo inteiro, o LoRA treina um pequeno complemento (um adaptador, de um décimo de por "
        "cento a poucos por cento do tamanho do modelo) que o direciona para a sua tarefa. Muito mais barato de "
        "treinar e de guardar; um mesmo modelo base pode servir vários adaptadores.",
        Source("LoRA: Low-Rank Adaptation of Large Language Models",
               "Edward J. Hu, Yelong Shen, Phillip Wallis, Zeyuan Allen-Zhu, Yuanzhi Li, Shean Wang, Lu Wang, "
               "Weizhu Chen", 2021, "https://arxiv.org/abs/2106.09685", "ICLR 2022"),
    ),
    Term(
        "qlora", "QLoRA", "QLoRA",
        "LoRA trained on a compressed (4-bit) copy of the model, so it fits on a smaller, cheaper GPU. The quality "
        "stays close to ordinary LoRA; training is somewhat slower.",
        "LoRA treinado sobre uma cópia comprimida (4 bits) do modelo, para caber numa GPU menor e mais barata. A "
        "qualidade fica próxima à do LoRA comum; o treino é um pouco mais lento.",
        Source("QLoRA: Efficient Finetuning of Quantized LLMs",
               "Tim Dettmers, Artidoro Pagnoni, Ari Holtzman, Luke Zettlemoyer",
               2023, "https://arxiv.org/abs/2305.14314", "NeurIPS 2023"),
    ),
    Term(
        "full_finetune", "Full fine-tuning", "Ajuste fino completo (full fine-tuning)",
        "Training that updates every weight of the model on your examples. The most expensive to train and to "
        "serve; it clearly beats LoRA mainly with very large data far from what the model already knows.",
        "Treino que atualiza todos os pesos do modelo com os seus exemplos. É o mais caro de treinar e de servir; "
        "supera claramente o LoRA sobretudo com dados muito volumosos e distantes do que o modelo já sabe.",
        Source("LoRA Learns Less and Forgets Less",
               "Dan Biderman, Jacob Portes, Jose Javier Gonzalez Ortiz, Mansheej Paul, Philip Greengard, "
               "Connor Jennings, Daniel King, Sam Havens, Vitaliy Chiley, Jonathan Frankle, Cody Blakeney, "
               "John P. Cunningham", 2024, "https://arxiv.org/abs/2405.09673", "TMLR 2024"),
    ),
    Term(
        "preference_tuning", "Preference tuning (DPO)", "Ajuste por preferência (DPO)",
        "Training on pairs of answers to the same request, one preferred and one rejected, so the model learns which "
        "kind of answer people prefer. DPO does it directly, without first building a separate model that scores "
        "answers.",
        "Treino com pares de respostas ao mesmo pedido, uma preferida e uma rejeitada, para o modelo aprender que "
        "tipo de resposta as pessoas preferem. O DPO faz isso diretamente, sem antes construir um modelo separado "
        "que dê notas às respostas.",
        Source("Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
               "Rafael Rafailov, Archit Sharma, Eric Mitchell, Stefano Ermon, Christopher D. Manning, Chelsea Finn",
               2023, "https://arxiv.org/abs/2305.18290", "NeurIPS 2023"),
    ),
    Term(
        "tool_calling", "Tool calling (function calling)", "Chamada de ferramentas (function calling)",
        "The model answers with a structured request to run one of your functions — its name and arguments — "
        "instead of free text, and your system runs it. The data then shows which call each request should produce.",
        "O modelo responde com um pedido estruturado para executar uma das suas funções — o nome e os argumentos — "
        "em vez de texto livre, e o seu sistema a executa. Os dados mostram então qual chamada cada pedido deve gerar.",
        Source("Toolformer: Language Models Can Teach Themselves to Use Tools",
               "Timo Schick, Jane Dwivedi-Yu, Roberto Dessì, Roberta Raileanu, Maria Lomeli, Luke Zettlemoyer, "
               "Nicola Cancedda, Thomas Scialom", 2023, "https://arxiv.org/abs/2302.04761", "NeurIPS 2023"),
    ),
    Term(
        "continued_pretraining", "Continued pre-training", "Pré-treino continuado",
        "Training a model further on large amounts of plain text from your field (manuals, records, code) so it "
        "absorbs its vocabulary, before or instead of training on question-and-answer examples.",
        "Continuar treinando um modelo com grandes volumes de texto corrido da sua área (manuais, registros, código) "
        "para ele absorver o vocabulário, antes ou em vez de treinar com exemplos de pergunta e resposta.",
        Source("Don't Stop Pretraining: Adapt Language Models to Domains and Tasks",
               "Suchin Gururangan, Ana Marasović, Swabha Swayamdipta, Kyle Lo, Iz Beltagy, Doug Downey, Noah A. Smith",
               2020, "https://arxiv.org/abs/2004.10964", "ACL 2020"),
    ),
    Term(
        "epochs", "Epoch", "Época (epoch)",
        "One full pass of training over all your examples. Training usually runs a few epochs, and each costs about "
        "the same: three epochs cost about three times one.",
        "Uma passada completa do treino por todos os seus exemplos. O treino costuma rodar algumas épocas, e cada uma "
        "custa mais ou menos o mesmo: três épocas custam cerca de três vezes uma.",
    ),
    Term(
        "tokens", "Tokens", "Tokens",
        "The pieces of text a model reads and writes — whole short words, parts of longer ones, punctuation — and "
        "what providers charge for, usually per million. The advisor counts them exactly on your file.",
        "Os pedaços de texto que um modelo lê e escreve — palavras curtas inteiras, partes das longas, pontuação — e "
        "o que os provedores cobram, em geral por milhão. O consultor os conta exatamente no seu arquivo.",
    ),
    Term(
        "p95", "p95 (95th percentile)", "p95 (percentil 95)",
        "The value 95% of items stay at or below. A p95 of 800 tokens per example means only one example in twenty "
        "is longer: it shows the long tail an average hides.",
        "O valor que 95% dos itens não ultrapassam. Um p95 de 800 tokens por exemplo quer dizer que só um exemplo em "
        "cada vinte é mais longo: mostra a cauda que a média esconde.",
    ),
    Term(
        "macro_f1", "Macro-F1", "Macro-F1",
        "A 0-to-1 score for classification that rates each label separately and averages them equally, so a rare "
        "label counts as much as a common one. Accuracy can look high while a rare label is always missed; macro-F1 "
        "shows it.",
        "Uma nota de 0 a 1 para classificação que avalia cada rótulo separadamente e faz a média com pesos iguais, "
        "então um rótulo raro conta tanto quanto um comum. A acurácia pode parecer alta enquanto um rótulo raro é "
        "sempre errado; o macro-F1 mostra isso.",
        Source("A systematic analysis of performance measures for classification tasks",
               "Marina Sokolova, Guy Lapalme", 2009, "https://doi.org/10.1016/j.ipm.2009.03.002",
               "Information Processing & Management 45(4)"),
    ),
    Term(
        "balanced_accuracy", "Balanced accuracy", "Acurácia balanceada",
        "The share of right answers within each label, averaged over the labels. Always answering the most common "
        "label scores only one divided by the number of labels, however skewed the data.",
        "A fração de acertos dentro de cada rótulo, na média entre os rótulos. Responder sempre o rótulo mais comum "
        "tira só um dividido pelo número de rótulos, por mais desbalanceados que sejam os dados.",
        Source("The Balanced Accuracy and Its Posterior Distribution",
               "Kay Henning Brodersen, Cheng Soon Ong, Klaas Enno Stephan, Joachim M. Buhmann", 2010,
               "https://doi.org/10.1109/ICPR.2010.764", "ICPR 2010"),
    ),
    Term(
        "confidence_interval", "Confidence interval (95%)", "Intervalo de confiança (95%)",
        "The range the true score probably lies in, given how many answers were scored: 0.80 (0.72-0.87) means the "
        "measurement cannot tell 0.75 from 0.85. Fewer examples, wider range. The advisor gets it by re-scoring "
        "thousands of random resamples of the answers (the bootstrap).",
        "A faixa em que a nota verdadeira provavelmente está, dado quantas respostas foram avaliadas: 0,80 "
        "(0,72-0,87) quer dizer que a medida não distingue 0,75 de 0,85. Menos exemplos, faixa mais larga. O "
        "consultor a obtém reavaliando milhares de reamostragens aleatórias das respostas (o bootstrap).",
        Source("Bootstrap Methods: Another Look at the Jackknife", "Bradley Efron", 1979,
               "https://doi.org/10.1214/aos/1176344552", "The Annals of Statistics 7(1)"),
    ),
    Term(
        "break_even", "Break-even", "Ponto de equilíbrio (break-even)",
        "The monthly number of requests above which training pays off: each request of the trained model is cheaper "
        "(a shorter prompt, a smaller model), and past this volume the savings cover the cost of training within "
        "the horizon. Below it, prompting is cheaper.",
        "O número de pedidos por mês acima do qual treinar compensa: cada pedido do modelo treinado sai mais barato "
        "(prompt mais curto, modelo menor), e acima desse volume a economia paga o treino dentro do horizonte. "
        "Abaixo dele, o prompt sai mais barato.",
    ),
    Term(
        "self_hosted", "Self-hosted", "Hospedagem própria (self-hosted)",
        "Running an open model on GPUs you rent or own instead of paying an API per token. You pay for every "
        "GPU-hour, busy or idle, and the data stays on your machines.",
        "Rodar um modelo aberto em GPUs que você aluga ou possui, em vez de pagar uma API por token. Você paga cada "
        "hora de GPU, ocupada ou ociosa, e os dados ficam nas suas máquinas.",
    ),
)


def term(key: str) -> Term:
    """A glossary entry by key; KeyError names the keys there are."""
    for entry in GLOSSARY:
        if entry.key == key:
            return entry
    raise KeyError(f"no glossary term {key!r}; known: {', '.join(entry.key for entry in GLOSSARY)}")


__all__ = ["GLOSSARY", "LANGUAGES", "Source", "Term", "term"]
