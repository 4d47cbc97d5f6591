"""Every message template can be filled by every place that raises its code (checked on the source)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from advisor.i18n.messages import CATALOG, describe, render, with_plural_forms

SOURCE = Path(__file__).resolve().parents[1] / "advisor"
# Call name → (position of the code argument, names the call adds to the arguments itself)
PRODUCERS = {
    "Rejected": (0, set()), "_warning": (1, set()), "_rejection": (1, set()), "LoadError": (0, set()),
    "_issue": (3, {"platform"}), "Issue": (2, set()), "Finding": (1, set()), "Point": (0, set()),
}


def template_fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def literal_arg_names(call: ast.Call, code_position: int) -> set[str] | None:
    """The argument names a call gives its template, or None when they are not written literally."""
    names = {keyword.arg for keyword in call.keywords if keyword.arg is not None}
    if any(keyword.arg is None for keyword in call.keywords):
        return None  # **kwargs: not knowable here
    names.discard("columns")  # LoadError's list of choices, not a template argument
    names.discard("platform")  # Issue's own field
    names.discard("args")
    positional = call.args[code_position + 1] if len(call.args) > code_position + 1 else None
    pairs = positional or next((k.value for k in call.keywords if k.arg == "args"), None)
    if call.func_name in ("Issue", "Finding", "Point"):
        names = set()
        if pairs is None:
            return set()
        if not isinstance(pairs, ast.Tuple):
            return None  # built elsewhere: not knowable here
        for pair in pairs.elts:
            if not (isinstance(pair, ast.Tuple) and isinstance(pair.elts[0], ast.Constant)):
                return None
            names.add(pair.elts[0].value)
    return names


def producers() -> list[tuple[str, str, set[str], str]]:
    found = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name not in PRODUCERS:
                continue
            position, added = PRODUCERS[name]
            if len(node.args) <= position or not isinstance(node.args[position], ast.Constant):
                continue
            code = node.args[position].value
            node.func_name = name  # type: ignore[attr-defined]
            names = literal_arg_names(node, position)
            if isinstance(code, str) and names is not None:
                found.append((code, f"{path.name}:{node.lineno}", names | added, name))
    return found


PRODUCED = producers()


def test_the_scan_sees_the_producers() -> None:
    codes = {code for code, *_ in PRODUCED}
    assert {"invalid_json", "wrong_type", "no_columns", "too_few_examples", "conflicting_answers"} <= codes


@pytest.mark.parametrize(("code", "where", "names", "producer"), PRODUCED, ids=[f"{p[0]}@{p[1]}" for p in PRODUCED])
def test_every_template_field_is_supplied(code: str, where: str, names: set[str], producer: str) -> None:
    templates = CATALOG.get(code)
    assert templates is not None, f"{where}: code {code!r} has no message"
    for lang in ("en", "pt"):
        missing = template_fields(templates[lang]) - names
        assert not missing, f"{where}: {code} [{lang}] needs {missing}, gets {sorted(names)}"


def test_render_fills_both_languages() -> None:
    args = (("detail", "Expecting value, column 1"),)
    assert render("invalid_json", args, "en").startswith("Not valid JSON (Expecting value")
    assert render("invalid_json", args, "pt").startswith("JSON inválido (faltou um valor, coluna 1)")


def test_a_count_reads_with_each_languages_thousands_separator_and_a_line_number_as_it_is() -> None:
    """A finding's counts are ints: Portuguese wrote 38.826 and English 38826 until English got its separator."""
    args = (("pairs", 38_826), ("clusters", 1), ("examples", 14_179))
    assert render("near_duplicates", args, "en").startswith("38,826 pairs of near-duplicate inputs (1 cluster, "
                                                           "14,179 examples)")
    assert render("near_duplicates", args, "pt").startswith("38.826 pares de entradas quase duplicadas (1 grupo, "
                                                           "14.179 exemplos)")
    args = (("count", 2_500), ("first_line", 12_345), ("format", "x"), ("platform", "y"), ("accepted", "z"),
            ("target", "t"))
    assert render("format_needs_export", args, "en").startswith("2,500 examples (the first on line 12345)")
    assert render("format_needs_export", args, "pt").startswith("2.500 exemplos (o primeiro na linha 12345)")


@pytest.mark.parametrize(("counts", "english", "portuguese"), [
    ((1, 1, 2), "1 pair of near-duplicate inputs (1 cluster, 2 examples)",
     "1 par de entradas quase duplicadas (1 grupo, 2 exemplos)"),
    ((3, 1, 3), "3 pairs of near-duplicate inputs (1 cluster, 3 examples)",
     "3 pares de entradas quase duplicadas (1 grupo, 3 exemplos)"),
    ((2, 2, 4), "2 pairs of near-duplicate inputs (2 clusters, 4 examples)",
     "2 pares de entradas quase duplicadas (2 grupos, 4 exemplos)"),
])
def test_each_count_of_a_finding_agrees_with_its_own_word(counts: tuple[int, int, int], english: str,
                                                          portuguese: str) -> None:
    args = tuple(zip(("pairs", "clusters", "examples"), counts))
    assert render("near_duplicates", args, "en").startswith(english + ". ")
    assert render("near_duplicates", args, "pt").startswith(portuguese + ". ")


def test_a_plural_choice_follows_each_languages_rules_and_says_other_without_a_number() -> None:
    template = "{n} {n:item|items}"
    # CLDR: English "one" is exactly 1; Portuguese (Brazil) "one" is 0 and 1 (i = 0..1)
    assert [with_plural_forms(template, {"n": n}, "en") for n in (0, 1, 2)] == ["{n} items", "{n} item", "{n} items"]
    assert [with_plural_forms(template, {"n": n}, "pt") for n in (0, 1, 2)] == ["{n} item", "{n} item", "{n} items"]
    assert with_plural_forms(template, {"n": "1"}, "en") == "{n} items"  # not a count: the other form
    assert with_plural_forms(template, {"n": True}, "en") == "{n} items"
    assert with_plural_forms(template, {}, "en") == "{n} items"


def test_route_names_are_written_in_each_language_from_their_codes() -> None:
    """A route's name is a Note built from its parts, not English translated afterwards; the English is its label."""
    from advisor.data.loader import load
    from advisor.pricing.comparison import compare_options, measure_tokens
    from advisor.pricing.scenario import Scenario

    fixture = Path(__file__).parent / "fixtures" / "formats" / "openai_chat.jsonl"
    comparison = compare_options(measure_tokens(load(fixture)), Scenario(monthly_requests=10_000, k_shots=5))
    names = {route.key: (route.name("en"), route.name("pt")) for route in comparison.routes}
    assert names["prompting/api/gpt-4.1-mini"] == ("gpt-4.1-mini (OpenAI API), zero-shot",
                                                   "gpt-4.1-mini (API da OpenAI), zero-shot")
    assert names["in_context/api/gpt-4.1"] == ("gpt-4.1 (OpenAI API), 5 examples in the prompt",
                                               "gpt-4.1 (API da OpenAI), 5 exemplos no prompt")
    assert names["full_finetune/openai/gpt-4.1-mini"] == (
        "OpenAI fine-tuning of gpt-4.1-mini (method not disclosed)",
        "ajuste fino de gpt-4.1-mini na OpenAI (método não divulgado)")
    assert names["full_finetune/together/llama-3.1-8b"] == ("Together full fine-tuning of Llama 3.1 8B",
                                                            "ajuste completo de Llama 3.1 8B na Together")
    assert names["lora/together/llama-3.1-8b/dedicated"] == (
        "Together LoRA of Llama 3.1 8B (dedicated endpoint)", "LoRA de Llama 3.1 8B na Together (endpoint dedicado)")
    assert names["lora/self_hosted/qlora/llama-3.1-8b"] == ("self-hosted QLoRA 4-bit of Llama 3.1 8B",
                                                            "QLoRA 4 bits de Llama 3.1 8B em GPU própria")
    assert names["prompting/self_hosted/llama-3.1-8b"] == ("self-hosted Llama 3.1 8B, zero-shot",
                                                           "Llama 3.1 8B em GPU própria, zero-shot")
    assert all(route.label == route.name("en") for route in comparison.routes)


@pytest.mark.parametrize(("english", "portuguese"), [
    ("3,000", "3.000"),
    ("0.96", "0,96"),
    ("US$ 370.68 (R$ 1,960.03)", "US$ 370,68 (R$ 1.960,03)"),
    ("US$ 11.70 – 15.40 (R$ 61.86 – 81.43)", "US$ 11,70 – 15,40 (R$ 61,86 – 81,43)"),
    ("gpt-4.1", "gpt-4.1"),  # a model name, not a number
    ("Llama 3.1 8B", "Llama 3.1 8B"),
])
def test_numbers_and_money_are_written_the_brazilian_way(english: str, portuguese: str) -> None:
    from advisor.i18n.messages import localize_numbers, number

    assert localize_numbers(english, "pt") == portuguese
    assert localize_numbers(english, "en") == english
    assert number(1234567.891, "pt", 2) == "1.234.567,89" and number(1234567.891, "en", 2) == "1,234,567.89"


def test_a_reason_reads_in_portuguese_with_its_numbers() -> None:
    text = render("full_domain_shift_large", (("tokens", "1.5 billion"),), "pt")
    assert text.startswith("1,5 bilhão de tokens") or "1,5 bilhão" in text
    assert render("curve_reaches", (("target", "0.90"), ("metric", "accuracy"), ("needed", "1,234"),
                                    ("examples", "3,000")), "pt") == (
        "A curva de aprendizado chega a 0,90 de acurácia com cerca de 1.234 exemplos; você tem 3.000.")


def test_cost_notes_saved_as_json_read_again_in_portuguese() -> None:
    """What comparison_to_dict saves of the advisor's own words (route names, how each cost was worked out, the
    assumptions) comes back from JSON to the very sentence the live objects write in Portuguese."""
    import json

    from advisor.data.loader import load
    from advisor.i18n.messages import note_from_dict, note_text
    from advisor.pricing.comparison import compare_options, comparison_to_dict, measure_tokens
    from advisor.pricing.scenario import Scenario

    fixture = Path(__file__).parent / "fixtures" / "formats" / "openai_chat.jsonl"
    comparison = compare_options(measure_tokens(load(fixture)), Scenario(monthly_requests=10_000, gpu="a100-80gb"))
    saved = json.loads(json.dumps(comparison_to_dict(comparison)))
    routes = {route["key"]: route for option in saved["options"].values() for route in option}
    for route in comparison.routes:
        again = routes[route.key]
        for field, live in (("title", route.title), ("training_detail", route.training_detail),
                            ("monthly_detail", route.monthly_detail), ("tokens", route.tokens_note)):
            assert note_text(again[field], "pt") == live.text("pt") != live.text("en"), (route.key, field)
            assert note_from_dict(again[field]) == live
    values = {item["name"]: item["value"] for item in saved["assumptions"]}
    for name, live, _ in comparison.assumptions:
        assert note_text(values[name], "pt") == live.text("pt")
    assert "1.024" in note_text(values["min_cached_prefix"], "pt")  # 1,024 tokens, written the Brazilian way


# Lines that make Python's JSON reader stop with each of its messages (json.JSONDecodeError.msg)
BROKEN_JSON_LINES = [b"not json", b'{"a": 1,}', b'{"a": "x', b'{"a": 1 "b": 2}', b'{"a" 1}', b'{"a": "\\q"}',
                     b'{"a": "\\u12"}', b'{"a": "x\x01"}', b'{"a": 1} 2', b"[1, 2", b'{"a": [1,]}']


def test_every_json_reader_message_reads_in_portuguese_with_its_column() -> None:
    """A rejected line's reason quoted Python's English ("JSON inválido (Expecting value, column 1)")."""
    import json

    from advisor.data.loader import load_bytes

    said = set()
    for line in BROKEN_JSON_LINES:
        try:
            json.loads(line)
        except json.JSONDecodeError as error:
            said.add(error.msg)
    assert len(said) >= 9  # the reader's own messages, not this project's list
    data = b'{"prompt": "a", "completion": "b"}\n' + b"\n".join(BROKEN_JSON_LINES) + b"\n"
    issues = [issue for issue in load_bytes(data, "broken.jsonl").issues if issue.code == "invalid_json"]
    assert len(issues) == len(BROKEN_JSON_LINES)
    for issue in issues:
        english, portuguese = describe(issue, "en"), describe(issue, "pt")
        message = next(message for message in said if message in english)
        assert message not in portuguese and " column " not in portuguese, portuguese
        column = english.split("column ")[1].split(")")[0]
        assert f"coluna {column})" in portuguese, portuguese


@pytest.mark.parametrize("name", ["Extra data", "Expecting value", "notes, column 2"])
def test_a_users_column_named_like_a_json_reader_message_reads_as_written(name: str) -> None:
    """The JSON reader's words are translated in a finding's `detail` only: a column of the user's own keeps its
    name in Portuguese."""
    assert render("empty_cell", (("column", name),), "pt") == f"A célula da coluna {name!r} está vazia; a linha não foi lida."
