"""The words the advisor uses, each in a sentence or two a product manager can read, in English and Portuguese,
with the paper or page that defines it where there is one.

Pure data: the app shows it one click away on every step (a sidebar toggle) and the report prints it as an
appendix. Sources are named by title, authors and year, with a link; arXiv links are the papers' own pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.i18n import text

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
    """A word of the glossary; its name and definition are in the catalog's [glossary] section."""

    key: str
    source: Source | None = None

    def name(self, lang: str = "en") -> str:
        return text("glossary", self.key, lang)

    def definition(self, lang: str = "en") -> str:
        return text("glossary", f"{self.key}_definition", lang)


_BROWN_2020 = Source(
    "Language Models are Few-Shot Learners",
    "Tom B. Brown, Benjamin Mann, Nick Ryder, Melanie Subbiah, Jared Kaplan, Prafulla Dhariwal, Arvind Neelakantan, "
    "Pranav Shyam, Girish Sastry, Amanda Askell, et al.",
    2020, "https://arxiv.org/abs/2005.14165", "NeurIPS 2020",
)

# In reading order: the four options, how they are tried, how results are scored, what the money depends on.
GLOSSARY: tuple[Term, ...] = (
    Term("zero_shot", _BROWN_2020),
    Term("few_shot", _BROWN_2020),
    Term(
        "retrieved_few_shot",
        Source("What Makes Good In-Context Examples for GPT-3?",
               "Jiachang Liu, Dinghan Shen, Yizhe Zhang, Bill Dolan, Lawrence Carin, Weizhu Chen",
               2021, "https://arxiv.org/abs/2101.06804"),
    ),
    Term("in_context", _BROWN_2020),
    Term(
        "lora",
        Source("LoRA: Low-Rank Adaptation of Large Language Models",
               "Edward J. Hu, Yelong Shen, Phillip Wallis, Zeyuan Allen-Zhu, Yuanzhi Li, Shean Wang, Lu Wang, "
               "Weizhu Chen", 2021, "https://arxiv.org/abs/2106.09685", "ICLR 2022"),
    ),
    Term(
        "qlora",
        Source("QLoRA: Efficient Finetuning of Quantized LLMs",
               "Tim Dettmers, Artidoro Pagnoni, Ari Holtzman, Luke Zettlemoyer",
               2023, "https://arxiv.org/abs/2305.14314", "NeurIPS 2023"),
    ),
    Term(
        "full_finetune",
        Source("LoRA Learns Less and Forgets Less",
               "Dan Biderman, Jacob Portes, Jose Javier Gonzalez Ortiz, Mansheej Paul, Philip Greengard, "
               "Connor Jennings, Daniel King, Sam Havens, Vitaliy Chiley, Jonathan Frankle, Cody Blakeney, "
               "John P. Cunningham", 2024, "https://arxiv.org/abs/2405.09673", "TMLR 2024"),
    ),
    Term(
        "preference_tuning",
        Source("Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
               "Rafael Rafailov, Archit Sharma, Eric Mitchell, Stefano Ermon, Christopher D. Manning, Chelsea Finn",
               2023, "https://arxiv.org/abs/2305.18290", "NeurIPS 2023"),
    ),
    Term(
        "tool_calling",
        Source("Toolformer: Language Models Can Teach Themselves to Use Tools",
               "Timo Schick, Jane Dwivedi-Yu, Roberto Dessì, Roberta Raileanu, Maria Lomeli, Luke Zettlemoyer, "
               "Nicola Cancedda, Thomas Scialom", 2023, "https://arxiv.org/abs/2302.04761", "NeurIPS 2023"),
    ),
    Term(
        "continued_pretraining",
        Source("Don't Stop Pretraining: Adapt Language Models to Domains and Tasks",
               "Suchin Gururangan, Ana Marasović, Swabha Swayamdipta, Kyle Lo, Iz Beltagy, Doug Downey, Noah A. Smith",
               2020, "https://arxiv.org/abs/2004.10964", "ACL 2020"),
    ),
    Term("epochs"),
    Term("tokens"),
    Term("p95"),
    Term(
        "macro_f1",
        Source("A systematic analysis of performance measures for classification tasks",
               "Marina Sokolova, Guy Lapalme", 2009, "https://doi.org/10.1016/j.ipm.2009.03.002",
               "Information Processing & Management 45(4)"),
    ),
    Term(
        "balanced_accuracy",
        Source("The Balanced Accuracy and Its Posterior Distribution",
               "Kay Henning Brodersen, Cheng Soon Ong, Klaas Enno Stephan, Joachim M. Buhmann", 2010,
               "https://doi.org/10.1109/ICPR.2010.764", "ICPR 2010"),
    ),
    Term(
        "confidence_interval",
        Source("Bootstrap Methods: Another Look at the Jackknife", "Bradley Efron", 1979,
               "https://doi.org/10.1214/aos/1176344552", "The Annals of Statistics 7(1)"),
    ),
    Term("break_even"),
    Term("self_hosted"),
)


def term(key: str) -> Term:
    """A glossary entry by key; KeyError names the keys there are."""
    for entry in GLOSSARY:
        if entry.key == key:
            return entry
    raise KeyError(f"no glossary term {key!r}; known: {', '.join(entry.key for entry in GLOSSARY)}")


__all__ = ["GLOSSARY", "LANGUAGES", "Source", "Term", "term"]
