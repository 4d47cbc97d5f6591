"""The profile finds exactly what was planted: duplicates, near duplicates, conflicts, labels, PII."""

from __future__ import annotations

import json
import random
import string

import pytest

from advisor import analysis_to_dict, analyze, load_bytes
from advisor.profiling.profile import profile

rng = random.Random(7)
VOCABULARY = ["".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(3000)]


def sentence(words: int = 20) -> str:
    """Unrelated filler drawn from a large vocabulary: never a near duplicate of another."""
    return " ".join(rng.choice(VOCABULARY) for _ in range(words))


def cpf_with_check_digits(first_nine: str) -> str:
    """Receita Federal's rule, written here independently of advisor/profiling/pii.py."""
    digits = [int(d) for d in first_nine]
    for weights_start in (10, 11):
        total = sum(d * w for d, w in zip(digits, range(weights_start, 1, -1)))
        digits.append(0 if total % 11 < 2 else 11 - total % 11)
    text = "".join(map(str, digits))
    return f"{text[:3]}.{text[3:6]}.{text[6:9]}-{text[9:]}"


def chat(user: str, answer: str, system: str | None = None) -> str:
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}, {"role": "assistant", "content": answer},
    ]
    return json.dumps({"messages": messages}, ensure_ascii=False)


def build_planted() -> tuple[bytes, dict]:
    rows: list[str] = []
    expected: dict = {"labels": {}, "pii": {}}

    def add(user: str, answer: str) -> int:
        rows.append(chat(user, answer))
        expected["labels"][answer.strip().casefold()] = expected["labels"].get(answer.strip().casefold(), 0) + 1
        return len(rows)  # its line number

    for label, count in (("positivo", 14), ("negativo", 12), ("neutro", 3)):
        for _ in range(count):
            add(sentence(), label)
    # Exact duplicates: three spellings of one example (case and spacing only).
    duplicated = sentence()
    expected["exact"] = [add(duplicated, "positivo"), add("  " + duplicated.upper() + " ", "Positivo "),
                         add(duplicated.replace(" ", "   "), "POSITIVO")]
    # A conflict: the same input with two different answers.
    contested = sentence()
    expected["conflict"] = [add(contested, "positivo"), add(contested, "negativo")]
    # A near duplicate: one word changed in a 20-word input.
    original = sentence().split()
    changed = list(original)
    changed[10] = "substituida"
    expected["near"] = [add(" ".join(original), "neutro"), add(" ".join(changed), "neutro")]
    # Personal data: valid ones are found, invalid ones are not.
    valid_cpf = cpf_with_check_digits("529982247")
    wrong_cpf = valid_cpf[:-1] + str((int(valid_cpf[-1]) + 1) % 10)
    expected["pii"]["cpf"] = [add(f"{sentence(8)} meu CPF é {valid_cpf}", "negativo")]
    add(f"{sentence(8)} documento {wrong_cpf}", "negativo")
    expected["pii"]["credit_card"] = [add(f"{sentence(8)} cartão 4111 1111 1111 1111", "negativo")]
    add(f"{sentence(8)} cartão 4111 1111 1111 1112", "negativo")
    expected["pii"]["email"] = [add(f"{sentence(8)} escreva para ana.souza@example.com.br", "positivo")]
    expected["lines"] = len(rows)
    return ("\n".join(rows) + "\n").encode("utf-8"), expected


@pytest.fixture(scope="module")
def planted() -> tuple[object, dict]:
    data, expected = build_planted()
    return profile(load_bytes(data, "planted.jsonl")), expected


def test_task_is_classification_with_exact_label_counts(planted) -> None:  # noqa: ANN001
    result, expected = planted
    assert result.task_kind == "classification"
    assert {label.casefold(): count for label, count in result.task.labels} == expected["labels"]


def test_exact_duplicates_are_found_across_case_and_spacing(planted) -> None:  # noqa: ANN001
    result, expected = planted
    assert [list(group) for group in result.duplicates.exact_groups] == [expected["exact"]]


def test_conflicting_answers_are_found_with_both_answers(planted) -> None:  # noqa: ANN001
    result, expected = planted
    (conflict,) = result.duplicates.conflicts
    assert list(conflict.lines) == expected["conflict"]
    assert sorted(answer for answer, _ in conflict.answers) == ["negativo", "positivo"]


def test_near_duplicates_are_exactly_the_planted_pair(planted) -> None:  # noqa: ANN001
    result, expected = planted
    assert [(first, second) for first, second, _ in result.near_duplicates.pairs] == [tuple(expected["near"])]
    assert result.near_duplicates.clusters == (tuple(expected["near"]),)


def test_personal_data_counts_only_valid_documents_and_cards(planted) -> None:  # noqa: ANN001
    result, expected = planted
    found = {kind: list(lines) for kind, lines in result.personal_data.lines_by_kind if lines}
    assert found == expected["pii"]


def test_rare_labels_and_findings_point_at_lines(planted) -> None:  # noqa: ANN001
    result, expected = planted
    codes = [finding.code for finding in result.findings()]
    assert codes[0] in ("conflicting_answers", "personal_data")  # high severity first
    assert {"conflicting_answers", "personal_data", "exact_duplicates", "near_duplicates"} <= set(codes)
    rare = next(finding for finding in result.findings() if finding.code == "rare_labels")
    neutral_count = expected["labels"]["neutro"]
    assert dict(rare.args)["labels"] == 1 and len(rare.lines) == neutral_count


def test_json_contract_under_profile() -> None:
    data, expected = build_planted()
    report = analysis_to_dict(analyze(load_bytes(data, "planted.jsonl")))["profile"]
    assert report["task_kind"] == "classification"
    assert report["exact_duplicate_groups"] == 1
    assert report["near_duplicate_pairs"] == 1
    assert report["conflicting_groups"] == 1
    assert report["labels"] == {label: count for label, count in expected["labels"].items()}
    assert report["pii"] == {"email": 1, "phone": 0, "cpf": 1, "cnpj": 0, "credit_card": 1, "ip": 0}
    assert "leakage" not in report
    assert all({"severity", "code", "message", "lines"} <= set(item) for item in report["findings"])


def test_task_kinds_extraction_generation_chat() -> None:
    extraction = "\n".join(chat(sentence(), json.dumps({"nome": f"n{i}", "valor": i})) for i in range(12))
    generation = "\n".join(chat(sentence(), sentence(30)) for _ in range(12))
    multi_turn = "\n".join(json.dumps({"messages": [
        {"role": "user", "content": sentence(5)}, {"role": "assistant", "content": sentence(5)},
        {"role": "user", "content": sentence(5)}, {"role": "assistant", "content": sentence(5)}]}) for _ in range(12))
    kinds = [profile(load_bytes(text.encode(), "x.jsonl")).task_kind for text in (extraction, generation, multi_turn)]
    assert kinds == ["extraction", "generation", "chat"]


def test_output_format_flags_broken_json_and_other_keys() -> None:
    rows = [chat(sentence(), json.dumps({"nome": "a", "valor": i})) for i in range(10)]
    rows.append(chat(sentence(), '{"nome": "b", "valor": 1'))  # line 11: broken
    rows.append(chat(sentence(), json.dumps({"name": "c"})))  # line 12: other keys
    result = profile(load_bytes("\n".join(rows).encode(), "x.jsonl")).output_format
    assert result.json_lines_invalid == (11,)
    assert result.key_mismatch_lines == (12,)
    assert result.common_keys == ("nome", "valor")


def test_language_counts() -> None:
    rows = [chat("Olá, não consigo acessar a minha conta, você pode me ajudar?", "Claro, vou verificar para você.")] * 3
    rows += [chat("Hello, I cannot access my account, can you help me with this?", "Sure, I will check it for you.")] * 2
    result = profile(load_bytes("\n".join(rows).encode(), "x.jsonl")).languages
    assert dict(result.counts) == {"pt": 3, "en": 2}


def test_empty_profile_does_not_fail() -> None:
    result = profile(load_bytes(b"\n\n", "empty.jsonl"))
    assert result.findings() == () and result.sizes.examples == 0


def test_punctuation_only_variants_are_near_duplicates_not_missed() -> None:
    base = sentence()
    rows = [chat(sentence(), "a") for _ in range(5)]
    rows += [chat(base, "a"), chat(base.replace(" ", ", ", 3) + "!", "a"), chat(base.upper(), "a")]
    result = profile(load_bytes("\n".join(rows).encode(), "x.jsonl"))
    assert [list(group) for group in result.duplicates.exact_groups] == [[6, 8]]  # case only: exact
    assert [(first, second, similarity) for first, second, similarity in result.near_duplicates.pairs] == [(6, 7, 1.0)]


def test_language_counts_use_an_even_sample_on_big_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.profiling.checks import language

    monkeypatch.setattr(language, "MAX_EXAMINED", 10)
    rows = [chat("Olá, não consigo acessar a minha conta, você pode me ajudar?", "Claro.")] * 20
    rows += [chat("Hello, I cannot access my account, can you help me with this?", "Sure.")] * 10
    result = profile(load_bytes("\n".join(rows).encode(), "x.jsonl")).languages
    assert result.examined == 10  # every third example of 30
    assert dict(result.counts) == {"pt": 7, "en": 3}  # indexes 0, 3, …, 18 are pt; 21, 24, 27 are en


def test_duplicate_and_conflict_groups_equal_a_plain_grouping_in_file_order() -> None:
    # Few distinct inputs and answers, so groups overlap every way; the reference groups the raw
    # lines with dicts, in file order, from the normalisation the issue names (case and spacing).
    rng = random.Random(7)
    inputs = ["Onde está meu pedido?", "Quero cancelar", "Troca de tamanho", "Boleto vencido", "Nota fiscal"]
    answers = ["entrega", "cancelamento", "troca", "cobrança"]
    rows = []
    for _ in range(300):
        text, answer = rng.choice(inputs), rng.choice(answers)
        text = rng.choice([text, text.upper(), "  " + text.replace(" ", "   ") + " "])
        rows.append((text, answer))
    data = "\n".join(chat(text, answer) for text, answer in rows).encode()
    result = profile(load_bytes(data, "groups.jsonl")).duplicates

    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    by_pair: dict[tuple[str, str], list[int]] = {}
    by_input: dict[str, list[int]] = {}
    for line, (text, answer) in enumerate(rows, start=1):
        by_pair.setdefault((norm(text), norm(answer)), []).append(line)
        by_input.setdefault(norm(text), []).append(line)
    assert list(result.exact_groups) == [tuple(lines) for lines in by_pair.values() if len(lines) > 1]
    conflicting = [lines for lines in by_input.values() if len({norm(rows[line - 1][1]) for line in lines}) > 1]
    assert [group.lines for group in result.conflicts] == [tuple(lines) for lines in conflicting]
    for group, lines in zip(result.conflicts, conflicting):
        counts = {}
        for line in lines:
            counts[rows[line - 1][1]] = counts.get(rows[line - 1][1], 0) + 1
        assert dict(group.answers) == counts


def test_common_prefix_and_suffix_of_the_answers() -> None:
    rng = random.Random(3)
    middles = ["".join(rng.choice("abcé ") for _ in range(rng.randint(0, 12))) for _ in range(60)]
    answers = [f"Olá! {middle} Atenciosamente, equipe" for middle in middles]
    answers[17] = "Olá! curto. Equipe"  # "equipe" vs "Equipe": the shared suffix shrinks to "quipe"
    data = "\n".join(chat(f"pergunta {index}", answer) for index, answer in enumerate(answers)).encode()
    summary = profile(load_bytes(data, "affix.jsonl")).output_format.summary()["output_format"]
    # The reference: the longest string every answer starts (ends) with, found by brute force.
    prefix = next(answers[0][:k] for k in range(len(answers[0]), -1, -1)
                  if all(answer.startswith(answers[0][:k]) for answer in answers))
    suffix = next(answers[0][len(answers[0]) - k:] for k in range(len(answers[0]), -1, -1)
                  if all(answer.endswith(answers[0][len(answers[0]) - k:]) for answer in answers))
    assert (summary["common_prefix"], summary["common_suffix"]) == (prefix, suffix)
    assert suffix == "quipe" and prefix.startswith("Olá! ")


def test_open_ended_answers_to_one_instruction_are_variety_not_a_conflict() -> None:
    """Issue #18, item 6: "Generate a sentence using the word …" answered twice differently is normal for open
    generation (information, low); the same input with two labels stays a high-severity conflict."""
    rows = [chat(f"Generate a sentence using the word {VOCABULARY[i]}.", sentence(15)) for i in range(40)]
    rows.append(chat(f"Generate a sentence using the word {VOCABULARY[3]}.", sentence(15)))  # line 41: line 4's input
    result = analyze(load_bytes("\n".join(rows).encode(), "instructions.jsonl"))
    report = analysis_to_dict(result)["profile"]
    assert report["task_kind"] == "generation"
    assert report["conflicting_groups"] == 0
    assert [group["lines"] for group in report["varied_answers"]] == [[4, 41]]
    (varied,) = [finding for finding in report["findings"] if finding["code"] == "varied_answers"]
    assert varied["severity"] == "low" and varied["lines"] == [4, 41]

    labels = [chat(f"ticket {sentence(8)}", "billing" if i % 2 else "shipping") for i in range(40)]
    contested = json.loads(labels[2])["messages"][0]["content"]  # line 3, labelled "shipping"
    labels.append(chat(contested, "billing"))  # line 41: the same input, the other label
    classified = analysis_to_dict(analyze(load_bytes("\n".join(labels).encode(), "labels.jsonl")))["profile"]
    assert classified["task_kind"] == "classification"
    assert [group["lines"] for group in classified["conflicts"]] == [[3, 41]]
    assert any(f["code"] == "conflicting_answers" and f["severity"] == "high" for f in classified["findings"])
