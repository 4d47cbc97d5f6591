"""Labels compared as people read them: one key everywhere, look-alikes listed rather than merged."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import analysis_to_dict, analyze, load_bytes
from advisor.baselines.llm import parse_label
from advisor.data.labels import label_key, lookalike_of, single_spaced
from advisor.i18n.messages import describe
from advisor.profiling.profile import profile

CYRILLIC_I = "\u0456"  # і, CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
ZERO_WIDTH_SPACE = "\u200b"
NFC = unicodedata.normalize("NFC", "négatif")
NFD = unicodedata.normalize("NFD", "négatif")
FULL_WIDTH = "".join(chr(ord(char) + 0xFEE0) for char in "positive")  # ｐｏｓｉｔｉｖｅ
LOOKALIKE = f"pos{CYRILLIC_I}tive"


@pytest.mark.parametrize("written", [
    f"posi{ZERO_WIDTH_SPACE}tive", FULL_WIDTH, "  Positive ", "\ufeffpositive", "posi\u00adtive", "POSITIVE",
    "posi\u2060tive\U000e0001", "positive\u00a0",  # word joiner and a language tag (plane 14); no-break space
])
def test_invisible_width_and_case_variants_share_one_key(written: str) -> None:
    assert label_key(written) == "positive"


def test_invisible_characters_leave_any_script() -> None:
    assert label_key("При\u200bвет\u200d") == "привет"  # Cyrillic: not Latin-1, the set test's path
    assert label_key("ação\u00ad") == "ação"  # Latin-1: the soft hyphen is its only invisible character


def test_nfd_accents_are_the_nfc_word_and_accents_still_count() -> None:
    assert NFC != NFD and label_key(NFD) == label_key(NFC) == "négatif"
    assert label_key("negatif") != label_key(NFC)  # an accent a reader sees is kept
    assert label_key(LOOKALIKE) != "positive"  # so is a letter of another script
    assert label_key("Positive", keep_case=True) == "Positive"


def test_lookalikes_name_the_script_and_letters() -> None:
    found = lookalike_of(LOOKALIKE, "positive")
    assert (found.kind, found.script, found.letters) == ("script", "Cyrillic", CYRILLIC_I)
    greek = lookalike_of("p\u03bfsitive", "positive")  # Greek omicron
    assert (greek.kind, greek.script) == ("script", "Greek")
    assert lookalike_of("negacao", "negação").kind == "accents"
    assert lookalike_of(NFD, NFC) is None and lookalike_of("negative", "positive") is None


# --- the profile on a file written with look-alikes -----------------------------------------------------------


def lookalike_file() -> tuple[bytes, dict]:
    rows: list[tuple[str, str]] = []
    rows += [(f"review {n}: loved it, would buy again", "positive") for n in range(40)]
    rows += [(f"review {n}: great value", LOOKALIKE) for n in range(40, 52)]
    rows += [(f"review {n}: works as described", f"posi{ZERO_WIDTH_SPACE}tive") for n in range(52, 57)]
    rows += [(f"review {n}: arrived early", FULL_WIDTH) for n in range(57, 62)]
    rows += [(f"review {n}: broke in a week", NFC) for n in range(62, 92)]
    rows += [(f"review {n}: never arrived", NFD) for n in range(92, 102)]
    # The same input answered once in NFC and once in NFD: a repeat, not a conflict.
    for n in range(102, 108):
        rows += [(f"review {n}: refund refused", NFC), (f"review {n}: refund refused", NFD)]
    # Real conflicts: one input, two answers a reader tells apart.
    for n in range(108, 110):
        rows += [(f"review {n}: mixed feelings", "positive"), (f"review {n}: mixed feelings", NFC)]
    data = "".join(json.dumps({"messages": [{"role": "user", "content": text},
                                             {"role": "assistant", "content": answer}]}, ensure_ascii=False) + "\n"
                   for text, answer in rows)
    lookalike_lines = [number for number, (_, answer) in enumerate(rows, 1) if answer == LOOKALIKE]
    expected = {"labels": {"positive": 40 + 5 + 5 + 2, LOOKALIKE: 12, NFC: 30 + 10 + 12 + 2},
                "conflicts": 2, "exact_groups": 6, "lookalike_lines": lookalike_lines}
    return data.encode("utf-8"), expected


@pytest.fixture(scope="module")
def lookalikes():  # noqa: ANN201
    data, expected = lookalike_file()
    return profile(load_bytes(data, "lookalikes.jsonl")), expected


def test_labels_written_differently_but_read_alike_are_one_label(lookalikes) -> None:  # noqa: ANN001
    result, expected = lookalikes
    assert result.task_kind == "classification"
    counts = {label_key(label): count for label, count in result.task.labels}
    assert counts == {label_key(label): count for label, count in expected["labels"].items()}
    # Shown as written most often, never as the normalised key.
    assert dict(result.task.labels)["positive"] == 52 and dict(result.task.labels)[NFC] == 54


def test_nfc_and_nfd_answers_to_one_input_are_a_repeat_not_a_conflict(lookalikes) -> None:  # noqa: ANN001
    result, expected = lookalikes
    assert len(result.duplicates.conflicts) == expected["conflicts"]
    assert len(result.duplicates.exact_groups) == expected["exact_groups"]


def test_a_lookalike_label_is_listed_with_its_lines_in_both_languages(lookalikes) -> None:  # noqa: ANN001
    result, expected = lookalikes
    (finding,) = [finding for finding in result.findings() if finding.code == "lookalike_label"]
    assert list(finding.lines) == expected["lookalike_lines"]
    assert describe(finding, "en").startswith(f"`{LOOKALIKE}` (Cyrillic {CYRILLIC_I}) looks like `positive`: 12 lines")
    assert describe(finding, "pt").startswith(f"`{LOOKALIKE}` ({CYRILLIC_I} cirílico) parece `positive`: 12 linhas")


def test_the_json_report_counts_labels_and_lookalikes() -> None:
    data, expected = lookalike_file()
    report = analysis_to_dict(analyze(load_bytes(data, "lookalikes.jsonl")))["profile"]
    assert sorted(report["labels"].values()) == sorted(expected["labels"].values())
    assert report["conflicting_groups"] == expected["conflicts"]
    assert report["lookalike_labels"] == [{"label": LOOKALIKE, "like": "positive", "kind": "script",
                                          "letters": CYRILLIC_I, "lines": 12}]


def test_accent_only_variants_are_listed_too() -> None:
    rows = [(f"pedido {n}", "negação") for n in range(30)] + [(f"pedido {n}", "negacao") for n in range(30, 34)]
    rows += [(f"pedido {n}", "aprovado") for n in range(34, 60)]
    data = "".join(json.dumps({"prompt": text, "completion": answer}, ensure_ascii=False) + "\n"
                   for text, answer in rows)
    result = profile(load_bytes(data.encode(), "accents.jsonl"))
    (finding,) = [finding for finding in result.findings() if finding.code == "accent_variant_label"]
    assert list(finding.lines) == list(range(31, 35))
    assert describe(finding, "en").startswith("`negacao` differs from `negação` only in accents: 4 lines")


# --- the LLM's answers go through the same key --------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "expected"), [
    (NFD, NFC),  # the profile's label, answered in NFD
    (f"posi{ZERO_WIDTH_SPACE}tive", "positive"),
    (FULL_WIDTH + ".", "positive"),
    (LOOKALIKE, LOOKALIKE),  # a label of its own, not folded into positive
    ("negatif", None),  # an accent dropped is another word: not guessed
])
def test_llm_answers_are_read_with_the_profiles_key(answer: str, expected: str | None) -> None:
    assert parse_label(answer, ("positive", NFC, LOOKALIKE)) == expected


SPLIT_ON = "".join(chr(code) for code in range(0x110000) if chr(code).isspace())  # what str.split() splits on


def test_every_character_split_on_but_the_space_is_unprintable() -> None:
    """The premise of single_spaced's shortcut, checked over every code point of this Python's Unicode."""
    assert " " in SPLIT_ON and "\u3000" in SPLIT_ON and "\x85" in SPLIT_ON
    assert [char for char in SPLIT_ON if char.isprintable()] == [" "]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(SPLIT_ON + "ab Çç\u00ad\u200bª½"), max_size=12))
def test_single_spaced_is_split_and_join(text: str) -> None:
    assert single_spaced(text) == " ".join(text.split())
