"""One translation catalog, complete in both languages, and a Portuguese reader who never meets English.

The catalog (advisor/i18n/*.toml) is checked entry by entry; then every bundled sample is walked through the five
steps of the app in Portuguese, and the command line is run with `--lang pt`, and whatever reaches the reader is
searched for English: the words the issue (#14 item 4) found, every word that the catalog's English uses and its
Portuguese never does, and numbers written the English way.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest
from babel import Locale

from advisor import i18n
from advisor.data.samples import load_samples
from advisor.i18n.messages import CATALOG, FINDING_SECTIONS, Note, note_text
from tests.helpers import toml_leaves

ROOT = Path(__file__).parent.parent
SAMPLES = load_samples()

# Entries that read the same in both languages: names (LoRA, CPF), field names of a format, bare placeholders.
SAME_IN_BOTH = {
    ("app", "tokens"), ("app", "strategy_zero_shot"), ("app", "option_lora"), ("glossary", "lora"),
    ("glossary", "qlora"), ("glossary", "tokens"), ("glossary", "macro_f1"), ("recommend", "route_needs_export"),
    ("recommend", "availability"), ("recommend", "change_door_closing"), ("format_names", "bedrock"),
    ("format_names", "alpaca"), ("format_names", "sharegpt"), ("report", "tokens"), ("report", "col_n"),
    ("report", "detail_tokens"), ("analyze", "tokens"), ("analyze", "total"), ("options", "lora"),
    ("terms", "hosting.api"), ("terms", "metric.chrf"), ("terms", "strategy.zero_shot"), ("terms", "pii.cpf"),
    ("terms", "pii.cnpj"),
    # units, a figure alone, a rate: written alike in both
    ("assumption_names", "gpu"), ("cost_detail", "hours"), ("cost_detail", "minutes"), ("cost_detail", "under_a_minute"),
    ("cost_detail", "value_base_bf16"), ("cost_detail", "value_epochs_given"), ("cost_detail", "value_epochs_run"),
    ("cost_detail", "value_exchange_rate"), ("cost_detail", "value_usd_per_hour"), ("cost_detail", "method_lora"),
    ("cost_detail", "what_zero_shot"), ("costs_command", "tokens"), ("costs_command", "option_lora"),
    ("estimate_command", "tokens"),
}


def entries():  # noqa: ANN201
    for name, section in i18n.catalog().items():
        for key, entry in section.items():
            yield name, key, entry


# --- the catalog --------------------------------------------------------------------------------------------------


def test_every_entry_is_in_both_languages_with_the_same_placeholders() -> None:
    problems = []
    for name, key, entry in entries():
        if set(entry) != set(i18n.LANGUAGES):
            problems.append(f"[{name}.{key}] has {sorted(entry)}")
            continue
        forms = {lang: entry[lang] if isinstance(entry[lang], dict) else {"other": entry[lang]} for lang in entry}
        for lang, by_form in forms.items():
            if isinstance(entry[lang], dict):  # CLDR's plural categories for the language, from Babel; "many"
                # (pt: a million and up, "1 milhão de …") may fall back to "other"
                known = set(Locale.parse(i18n.LOCALES[lang]).plural_form.tags) | {"other"}
                if not {"one", "other"} <= set(by_form) <= known:
                    problems.append(f"[{name}.{key}] {lang} forms {sorted(by_form)}, CLDR has {sorted(known)}")
            if any(not str(text).strip() for text in by_form.values()):
                problems.append(f"[{name}.{key}] {lang} is empty")
        names = {lang: {field for text in by_form.values() for field in i18n.placeholders(text)}
                 for lang, by_form in forms.items()}
        if names["en"] != names["pt"]:
            problems.append(f"[{name}.{key}] placeholders en {sorted(names['en'])} pt {sorted(names['pt'])}")
    assert not problems, "\n".join(problems)


def test_no_code_is_in_two_finding_sections() -> None:
    """messages.CATALOG merges the sections of codes into one namespace: a code in two would overwrite the other
    (the validation codes against the loader's and the formats', for one)."""
    seen: dict[str, str] = {}
    twice = [f"{code}: [{seen[code]}] and [{name}]" for name in FINDING_SECTIONS for code in i18n.section(name)
             if seen.setdefault(code, name) != name]
    assert not twice, twice
    assert len(seen) == len(CATALOG) > 200


def test_no_entry_is_left_in_english() -> None:
    same = {(name, key) for name, key, entry in entries() if entry.get("en") == entry.get("pt")}
    assert same <= SAME_IN_BOTH, sorted(same - SAME_IN_BOTH)


def test_a_plural_entry_follows_cldr_and_numbers_follow_the_language() -> None:
    # Babel's CLDR data: Portuguese (Brazil) puts 0 and 1 in "one", English only 1.
    assert [i18n.text("label_descriptions", "verb", "pt", count=n) for n in (0, 1, 2)] == ["é", "é", "são"]
    assert [i18n.text("label_descriptions", "verb", "en", count=n) for n in (0, 1, 2)] == ["are", "is", "are"]
    assert (i18n.number(3006, "pt"), i18n.number(3006, "en")) == ("3.006", "3,006")
    assert (i18n.number(-1234.5, "pt", 2), i18n.money(1960.03, "R$", "pt")) == ("-1.234,50", "R$ 1.960,03")
    assert i18n.interval(0.8606, 0.9, "pt") == "[0,86 – 0,90]"


def _code_literals() -> list[tuple[str, str, str]]:
    """(file:line, section, key) of every catalog lookup the code spells with literals."""
    found = []
    for path in sorted((ROOT / "advisor").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ui = "advisor/ui" in path.as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            literals = [arg.value for arg in node.args[:2]
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name == "text" and ui and isinstance(node.func, ast.Name) and literals:
                found.append((where, "app", literals[0]))
            elif name == "text" and len(literals) == 2 and isinstance(node.func, ast.Attribute):
                found.append((where, literals[0], literals[1]))
            elif name == "section" and literals:
                found.append((where, literals[0], ""))
            elif name == "Note" and literals:
                found.append((where, "<codes>", literals[0]))
    return found


def test_every_key_the_code_asks_for_is_in_the_catalog() -> None:
    catalog = i18n.catalog()
    literals = _code_literals()
    assert len(literals) > 250  # the scan found the app's text() calls, not nothing
    missing = [f"{where}: [{section}] {key}" for where, section, key in literals
               if (section == "<codes>" and key not in CATALOG)
               or (section != "<codes>" and (section not in catalog or (key and key not in catalog[section])))]
    assert not missing, "\n".join(missing)


def test_no_code_holds_its_own_translations() -> None:
    """No {"en": …, "pt": …} dict outside the catalog's own module: every string lives in one place."""
    offenders = []
    for path in sorted((ROOT / "advisor").rglob("*.py")):
        if path.parent.name == "i18n":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict) and {"en", "pt"} <= {key.value for key in node.keys
                                                                 if isinstance(key, ast.Constant)}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


def test_a_saved_note_is_written_again_in_the_readers_language() -> None:
    from datetime import date

    from advisor.pricing.comparison import comparison_to_dict
    from tests.test_comparison import compare

    saved = json.loads(json.dumps(comparison_to_dict(compare(today=date(2026, 6, 1)))))
    openai = next(route for route in saved["options"]["full_finetune"]
                  if route["key"].startswith("full_finetune/openai"))
    note = openai["availability"][0]
    assert note["code"] == "door_closed_to_new_users" and note["args"]["since"] == "2026-05-07"
    assert note_text(note, "pt").startswith("fechado a novos clientes desde 2026-05-07")
    assert note_text(note, "en") == note["text"] == Note(note["code"], tuple(note["args"].items())).text("en")


# --- what a Portuguese reader sees --------------------------------------------------------------------------------

WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]{2,}")
# The list (#14 item 4): words and phrases a Portuguese page showed in English.
KNOWN_ENGLISH = (
    "Table (input and output columns)", "examples", "month", "label", "error", "warning", "high", "low", "phone",
    "credit_card", "the commercial dollar", "examples in the prompt", "LoRA of", "requests a month", "(power)",
    "closed to new users", "can be served until", "usable for about", "Choose an option",
)
# Words the app shows in Portuguese on purpose: names of things, of papers and of fields in a file format.
NAMES = {
    "lora", "qlora", "tokens", "token", "openai", "together", "fireworks", "bedrock", "amazon", "anthropic", "llama",
    "qwen", "mistral", "gemma", "phi", "claude", "haiku", "sharegpt", "alpaca", "json", "jsonl", "csv", "api", "gpu",
    "nvidia", "trl", "axolotl", "dpo", "zero-shot", "few-shot", "macro-f1", "chrf", "kappa", "cohen", "fleiss",
    "system", "user", "assistant", "messages", "prompt", "completion", "chosen", "rejected", "instruction", "input",
    "output", "conversations", "from", "value", "text", "label", "tools", "tool_calls", "function", "arguments",
    "preference", "table", "material",  # format codes in a list of accepted formats; Streamlit's icon names
}


def _shown_strings(at) -> list[str]:  # noqa: ANN001 - an AppTest
    """Every string the page sends that a reader can see: Markdown, labels, captions, table cells, chart text."""
    found: list[str] = []

    def strings(message) -> None:  # noqa: ANN001 - a protobuf message
        for field, value in message.ListFields():
            values = value if hasattr(value, "extend") or isinstance(value, (list, tuple)) else [value]
            for item in values:
                if isinstance(item, str):
                    if field.name == "spec":  # a Plotly figure: its titles, names, ticks and hover text
                        found.extend(_chart_text(json.loads(item)))
                    # ids are not read: a download's deferred_file_id is a random hex, "…09add6…" once read as "add"
                    elif field.name not in ("id", "form_id", "data", "styler", "arrow_data", "column_config",
                                            "deferred_file_id", "url") \
                            and not item.startswith(("$$ID-", "{", ":material/")):
                        found.append(item)
                elif hasattr(item, "ListFields"):
                    strings(item)

    def visit(node) -> None:  # noqa: ANN001 - an AppTest node
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields") and type(node).__name__ != "Json":
            strings(proto)
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    # codes and hyperparameter names are identifiers, their values are written as a config file takes them, and
    # sources are titles
    machine = {i18n.text("app", key, "pt") for key in ("col_code", "col_sources", "col_name", "col_value")}
    for frame in at.dataframe:
        table = frame.value
        for column in table.columns:
            found.append(str(column))
            if column not in machine:
                found.extend(str(value) for value in table[column].head(60) if isinstance(value, str))
    return found


def _chart_text(spec: dict) -> list[str]:
    out: list[str] = []

    def walk(value, key: str = "") -> None:  # noqa: ANN001 - JSON
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            if key in ("ticktext", "text"):
                out.extend(str(item) for item in value)
            else:
                for item in value:
                    walk(item, key)
        elif isinstance(value, str) and key in ("text", "name", "hovertemplate", "ticktext"):
            out.append(re.sub(r"%\{[^}]*\}|<[^>]*>", " ", value))

    walk(spec)
    return out


def _without_citations(text: str) -> str:
    """Sources are titles, named as published: "(fonte: …)", "Fontes: …" and links are left out of the search."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"\((?:fonte|fontes)\\?:[^)]*\)", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"(?im)^.*\bfontes?\\?:.*$", " ", text)
    return re.sub(r"“[^”]*”", " ", text)  # quoted titles


def _english_only_words() -> set[str]:
    english, portuguese = set(), set()
    for _, _, entry in entries():
        for lang, into in (("en", english), ("pt", portuguese)):
            forms = entry[lang].values() if isinstance(entry[lang], dict) else [entry[lang]]
            for text in forms:
                into.update(word.lower() for word in WORD.findall(re.sub(r"\{[^}]*\}", " ", str(text))))
    return english - portuguese - NAMES


@cache
def _data_citations() -> tuple[str, ...]:
    """The sources and notes of the data files (prices, platforms, GPUs, hyperparameters): citations, shown as their
    sources publish them, longest first so a longer one is removed before a part of it."""
    found = {value for path in (ROOT / "data").glob("*.toml")
             for key, value in toml_leaves(tomllib.loads(path.read_text(encoding="utf-8")))
             if isinstance(value, str) and key in ("source", "note", "sources", "name", "label", "bases_label",
                                                   "setting", "as_of_note", "mfu_source", "licence",
                                                   "spec_source")}  # as published
    from advisor.pricing import gpu
    from advisor.pricing.catalog import Provenance

    found |= {text for value in vars(gpu).values() if isinstance(value, Provenance)  # papers the GPU arithmetic cites
              for text in (value.source, value.note) if isinstance(text, str) and text}
    return tuple(sorted(found, key=len, reverse=True))


# where a value lives in the data files: data/x.toml, [[platforms.openai.models]], model = "gpt-4.1"
TOML_PLACE = re.compile(r"data/[\w./-]+|\[\[?[\w.]+\]\]?|\b\w+ = (?:\"[^\"]*\"|\S+)")
JSON_SNIPPET = re.compile(r'\{"[^{}]*\}')  # an example of what to write, in JSON: {"base/gpt-4.1/input": 1.8}
# codes (platform_closing), field names, key=value pairs and price keys (openai/gpt-4.1/training) are identifiers
IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b\w+=\S+|\b[\w.-]+(?:/[\w.-]+)+")


def english_in(texts: list[str], sample_words: set[str]) -> list[str]:
    """The English a Portuguese reader would meet in `texts`: known phrases, English-only words, English numbers."""
    english_only = _english_only_words() - sample_words
    problems = []
    for text in texts:
        plain = _without_citations(re.sub(r"\\(.)", r"\1", text).replace("\u2060", ""))  # as a reader sees it
        plain = JSON_SNIPPET.sub(" ", TOML_PLACE.sub(" ", plain))
        for citation in _data_citations():
            plain = plain.replace(citation, " ")
        plain = IDENTIFIER.sub(" ", plain)
        for phrase in KNOWN_ENGLISH:
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", plain) and phrase.lower() not in sample_words:
                problems.append(f"{phrase!r} in {text[:120]!r}")
        for word in WORD.findall(plain):
            if word.lower() in english_only:
                problems.append(f"{word!r} in {text[:120]!r}")
        # 1,234 or 0.86 written the English way (dates, versions and model names are not numbers to localise)
        # (1.234 is the Portuguese way for a thousand and more, so three digits after a point are not flagged)
        for number in re.findall(r"(?<![\w.,\-/:])[1-9]\d{0,2}(?:,\d{3})+(?![\w\-])"
                                 r"|(?<![\w.,\-/:])\d+\.(?!\d{3}(?![\d]))\d+(?![\w.\-/])", plain):
            if number != plain.strip():  # a cell holding only "1,000" is a score of 1 to three places in pt
                problems.append(f"number {number!r} in {text[:120]!r}")
    return sorted(set(problems))


def _sample_words(sample) -> set[str]:  # noqa: ANN001 - advisor.data.samples.Sample
    """The words of the sample's own examples: data is shown as written, in whatever language it is in."""
    return {word.lower() for word in WORD.findall(sample.path.read_text(encoding="utf-8") + str(sample.path))}


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.id)
def test_every_step_of_every_sample_reads_in_portuguese(sample) -> None:  # noqa: ANN001
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "page.py"), default_timeout=120)
    at.run()
    at.sidebar.selectbox(key="sample_pt").set_value(sample.id).run()
    shown: list[str] = []
    at.sidebar.toggle(key="show_glossary").set_value(True).run()
    for step in ("data", "profile", "baselines", "costs", "recommendation"):
        at.radio(key="step").set_value(step).run()
        if step == "costs":  # what the costs step shows on demand: the price table and the assumptions
            at.toggle(key="show_prices").set_value(True)
            at.toggle(key="show_assumptions").set_value(True).run()
        assert not at.exception, at.exception[0].value
        shown += _shown_strings(at)
    assert len(shown) > 100  # the walk saw the pages, not an empty one
    problems = english_in(shown, _sample_words(sample))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.id)
def test_the_whole_report_reads_in_portuguese(sample) -> None:  # noqa: ANN001
    """The whole report, the engineer's appendix too (how each cost was worked out, the assumptions and their
    sources), from an analysis saved in English: what is said in the advisor's own words comes back from its codes."""
    from advisor.decide.advice import advice_to_dict, advise
    from advisor.pricing.scenario import scenario_from_dict
    from advisor.render.report import render_markdown

    advice = advise(sample.load(), scenario_from_dict(dict(sample.scenario_fields)), task=sample.text("task", "pt"))
    saved = json.loads(json.dumps(advice_to_dict(advice, lang="pt")))
    report = re.sub(r"(?s)```.*?```", " ", render_markdown(saved, "pt"))  # the scenario, as JSON to copy
    appendix = report[report.index(i18n.text("report", "cost_details", "pt")):]
    assert i18n.text("report", "assumptions", "pt") in appendix and len(appendix.splitlines()) > 20
    problems = english_in(report.splitlines(), _sample_words(sample))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("arguments", [
    ["analyze", "{file}"], ["recommend", "{file}"], ["costs", "{file}", "--monthly-requests", "20000"],
    ["estimate", "--model", "llama-3.1-8b", "--method", "qlora", "--bits", "4", "--gpu", "l40s", "--dataset", "{file}"],
], ids=lambda arguments: arguments[0])
def test_the_command_line_reads_in_portuguese(arguments: list[str]) -> None:
    sample = next(item for item in SAMPLES if item.id == "tickets")
    arguments = [str(sample.path) if argument == "{file}" else argument for argument in arguments]
    done = subprocess.run([sys.executable, "-m", "advisor.cli", *arguments, "--lang", "pt"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(done.stdout.splitlines()) > 10
    problems = english_in(done.stdout.splitlines(), _sample_words(sample))
    assert not problems, "\n".join(problems)


def test_the_search_finds_english_when_there_is_some() -> None:
    """The detector itself: an English sentence, an English number and a known phrase are caught; Portuguese is not."""
    found = english_in(["Tabela (colunas de entrada e saída)", "3.006 exemplos, acurácia 0,86",
                        "the commercial dollar closed", "estabiliza em 0.8606", "3,006 examples"], set())
    assert not [item for item in found if "Tabela" in item or "acurácia" in item]
    assert any("commercial" in item for item in found) and any("0.8606" in item for item in found)
    assert any("'examples'" in item for item in found) and any("3,006" in item for item in found)


@pytest.mark.parametrize("bad", [
    {"monthly_requests": -1}, {"monthly_requests": 5, "surprise": 1}, {}, [], {"monthly_requests": 5, "gpu": 3},
    {"monthly_requests": 5, "price_overrides": 3}, {"monthly_requests": 5, "price_overrides": {"nowhere": 1}},
    {"monthly_requests": 5, "price_overrides": {"base/gpt-4.1/input": -3}}, {"monthly_requests": 5, "currency": ""},
    {"monthly_requests": 5, "domain_shift": "yes"}, {"monthly_requests": 5, "prompt_models": [], "finetune_models": []},
])
def test_a_scenario_refused_is_refused_in_portuguese(bad) -> None:  # noqa: ANN001 - parsed JSON
    from advisor.pricing.scenario import OVERRIDE_FIELDS, OVERRIDE_PLACES, ScenarioError, scenario_from_dict

    with pytest.raises(ScenarioError) as refused:
        scenario_from_dict(bad)
    portuguese, english = refused.value.message("pt"), str(refused.value)
    assert portuguese != english and english == refused.value.message("en")
    typed = set(OVERRIDE_PLACES) | set(OVERRIDE_FIELDS)  # the words of a price key, which the user types as they are
    assert not english_in([portuguese], typed), portuguese
