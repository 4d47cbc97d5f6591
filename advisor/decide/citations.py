"""The published sources the recommendation's reasons rest on, by title, authors, year and link.

Each reason code (advisor/decide/recommend.py) that leans on a paper or a vendor guide names it here, so the JSON, the
app and the report can show the source itself — never a file the user does not have.
"""

from __future__ import annotations

from typing import Any

from advisor.i18n.glossary import Source

CITATIONS: dict[str, Source] = {
    "openai_guide": Source("Fine-tuning guide (best practices)", "OpenAI", 2025,
                           "https://platform.openai.com/docs/guides/fine-tuning"),
    "lora_land": Source("LoRA Land: 310 Fine-tuned LLMs that Rival GPT-4, A Technical Report",
                        "Justin Zhao, Timothy Wang, Wael Abid, Geoffrey Angus, Arnav Garg, Jeffery Kinnison, "
                        "Alex Sherstinsky, Piero Molino, Travis Addair, Devvret Rishi", 2024,
                        "https://arxiv.org/abs/2405.00732"),
    "biderman_2024": Source("LoRA Learns Less and Forgets Less",
                            "Dan Biderman, Jacob Portes, Jose Javier Gonzalez Ortiz, Mansheej Paul, Philip Greengard, "
                            "Connor Jennings, Daniel King, Sam Havens, Vitaliy Chiley, Jonathan Frankle, "
                            "Cody Blakeney, John P. Cunningham", 2024, "https://arxiv.org/abs/2405.09673", "TMLR 2024"),
    "lima": Source("LIMA: Less Is More for Alignment",
                   "Chunting Zhou, Pengfei Liu, Puxin Xu, Srini Iyer, Jiao Sun, Yuning Mao, Xuezhe Ma, Avia Efrat, "
                   "Ping Yu, Lili Yu, et al.", 2023, "https://arxiv.org/abs/2305.11206", "NeurIPS 2023"),
    "mosbach_2023": Source("Few-shot Fine-tuning vs. In-context Learning: A Fair Comparison and Evaluation",
                           "Marius Mosbach, Tiago Pimentel, Shauli Ravfogel, Dietrich Klakow, Yanai Elazar", 2023,
                           "https://arxiv.org/abs/2305.16938", "Findings of ACL 2023"),
    "tfew": Source("Few-Shot Parameter-Efficient Fine-Tuning is Better and Cheaper than In-Context Learning",
                   "Haokun Liu, Derek Tam, Mohammed Muqeeth, Jay Mohta, Tenghao Huang, Mohit Bansal, Colin Raffel",
                   2022, "https://arxiv.org/abs/2205.05638", "NeurIPS 2022"),
    "liu_2021": Source("What Makes Good In-Context Examples for GPT-3?",
                       "Jiachang Liu, Dinghan Shen, Yizhe Zhang, Bill Dolan, Lawrence Carin, Weizhu Chen", 2021,
                       "https://arxiv.org/abs/2101.06804", "DeeLIO 2022"),
    "ovadia_2023": Source("Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs",
                          "Oded Ovadia, Menachem Brief, Moshik Mishaeli, Oren Elisha", 2023,
                          "https://arxiv.org/abs/2312.05934", "EMNLP 2024"),
    "gekhman_2024": Source("Does Fine-Tuning LLMs on New Knowledge Encourage Hallucinations?",
                           "Zorik Gekhman, Gal Yona, Roee Aharoni, Matan Eyal, Amir Feder, Roi Reichart, "
                           "Jonathan Herzig", 2024, "https://arxiv.org/abs/2405.05904", "EMNLP 2024"),
}

# Reason code -> the sources its sentence cites (in the order it names them).
REASON_CITATIONS: dict[str, tuple[str, ...]] = {
    "simplest_first": ("openai_guide",),
    "too_few_to_train": ("openai_guide",),
    "few_examples_for_training": ("openai_guide",),
    "enough_examples": ("openai_guide",),
    "borderline_examples": ("openai_guide",),
    "plenty_of_examples": ("lima",),
    "plenty_of_examples_narrow": ("openai_guide",),
    "learnable_offline": ("lora_land",),
    "narrow_classification": ("lora_land",),
    "narrow_extraction": ("lora_land",),
    "narrow_tool_calls": ("lora_land",),
    "prompting_falls_short": ("mosbach_2023", "tfew"),
    "corpus_domain_adaptation": ("biderman_2024",),
    "lora_learns_less": ("biderman_2024",),
    "full_too_little_data": ("biderman_2024",),
    "full_domain_shift_large": ("biderman_2024",),
    "full_no_domain_shift": ("biderman_2024",),
    "change_full_finetune": ("biderman_2024",),
    "long_instructions": ("tfew",),
    "facts_change_declared": ("ovadia_2023", "gekhman_2024"),
    "facts_change_detected": ("ovadia_2023", "gekhman_2024"),
}


def sources_of(code: str) -> tuple[Source, ...]:
    return tuple(CITATIONS[key] for key in REASON_CITATIONS.get(code, ()))


def source_to_dict(source: Source) -> dict[str, Any]:
    return {"title": source.title, "authors": source.authors, "year": source.year, "url": source.url,
            "venue": source.venue, "citation": source.citation()}


__all__ = ["CITATIONS", "REASON_CITATIONS", "source_to_dict", "sources_of"]
