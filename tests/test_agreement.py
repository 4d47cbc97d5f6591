"""Annotator columns: found or named, read with the examples, and their agreement against hand-computed values."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.data.loader import LoadError, load, load_bytes
from advisor.i18n.messages import describe
from advisor.profiling.checks.agreement import band_of, cohen_kappa, fleiss_from_counts, fleiss_kappa, majority_labels
from advisor.profiling.profile import profile
from tests.helpers import assert_accounted

ADVISOR = shutil.which("advisor", path=str(Path(sys.executable).parent)) or "advisor"

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213,
# κ = 0.210 (computed by hand on that page).
WIKIPEDIA_COUNTS = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
                    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]]

# Two raters, three categories (V, N, P), 100 subjects: the contingency table of the R package irr's `kappa2`
# tutorial (ramnathv/RExRepos, interRaterICC), which prints %-agree = 70 and Kappa = 0.429.
# By hand: p_o = (53 + 14 + 3) / 100 = 0.70; p_e = .60·.65 + .30·.25 + .10·.10 = 0.475; κ = 0.225/0.525 = 0.4286.
IRR_TABLE = {("V", "V"): 53, ("V", "N"): 5, ("V", "P"): 2, ("N", "V"): 11, ("N", "N"): 14, ("N", "P"): 5,
             ("P", "V"): 1, ("P", "N"): 6, ("P", "P"): 3}


def irr_pairs() -> list[tuple[str, str]]:
    return [pair for pair, count in IRR_TABLE.items() for _ in range(count)]


def test_fleiss_kappa_matches_the_wikipedia_worked_example() -> None:
    result = fleiss_from_counts(WIKIPEDIA_COUNTS)
    assert result.agreement == pytest.approx(0.378, abs=5e-4)
    assert result.chance == pytest.approx(0.213, abs=5e-4)
    assert result.kappa == pytest.approx(0.210, abs=5e-4)
    # The same items written as labels, and as counted (weighted) rows, give the same numbers.
    items = [[str(category) for category, count in enumerate(row) for _ in range(count)] for row in WIKIPEDIA_COUNTS]
    assert fleiss_kappa(items).kappa == pytest.approx(result.kappa)
    assert fleiss_kappa(items[:2] + items[1:2], None).kappa == pytest.approx(fleiss_kappa(items[:2], [1, 2]).kappa)


def test_cohen_kappa_matches_the_irr_tutorial() -> None:
    first, second = zip(*irr_pairs())
    result = cohen_kappa(first, second)
    assert result.agreement == pytest.approx(0.70)
    assert result.chance == pytest.approx(0.475)
    assert result.kappa == pytest.approx(0.225 / 0.525)
    assert band_of(result.kappa) == "moderate"  # Landis & Koch: 0.41–0.60


def test_kappa_is_undefined_when_one_label_is_all_anyone_used() -> None:
    assert cohen_kappa(["a"] * 5, ["a"] * 5).kappa is None
    assert fleiss_kappa([["a", "a", "a"]] * 4).kappa is None


def test_landis_koch_bands_at_their_edges() -> None:
    assert [band_of(value) for value in (-0.1, 0.0, 0.2, 0.21, 0.4, 0.6, 0.61, 0.8, 0.81, 1.0)] == [
        "poor", "slight", "slight", "fair", "fair", "moderate", "substantial", "substantial", "almost perfect",
        "almost perfect"]
    assert band_of(None) is None


def test_majority_labels_keep_ties() -> None:
    assert majority_labels(["a", "a", "b"]) == ["a"]
    assert majority_labels(["b", "a"]) == ["b", "a"]
    assert majority_labels(["a", "b", "c", "c", "b"]) == ["b", "c"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode()


def test_two_annotator_columns_found_by_name_give_cohens_kappa_and_the_ceiling() -> None:
    rows = [["text", "label", "label_b"]] + [[f"item {i}", a, b] for i, (a, b) in enumerate(irr_pairs())]
    dataset = load_bytes(csv_bytes(rows), "two.csv")
    assert dataset.annotations is not None and dataset.annotations.columns == ("label_b",)
    assert not dataset.annotations.named
    result = profile(dataset).agreement
    assert result is not None and result.kappa_kind == "cohen"
    assert result.kappa == pytest.approx(0.4286, abs=1e-4)
    assert result.agreement == pytest.approx(0.70)
    assert result.items == 100
    # One other annotator: its "majority" is its label, so the ceiling is the share on which it agrees, and its
    # macro-F1 is the metrics module's macro-F1 of that annotator's labels against the output column's.
    assert result.ceiling == pytest.approx(0.70)
    from advisor.baselines.metrics import macro_f1

    first, second = zip(*irr_pairs())
    assert result.ceiling_macro_f1 == pytest.approx(macro_f1(list(first), list(second)))
    finding = next(f for f in result.findings() if f.code == "low_annotator_agreement")
    assert finding.severity == "low"  # moderate
    text = describe(finding, "pt")
    assert "0,43" in text and "70%" in text and "moderada" in text


def test_three_annotators_with_empty_cells_by_hand() -> None:
    # item 1: 0,0,1 → P = 2/6; item 2: 1,1,1 → 1; item 3: 0,0 (one empty) → 1; item 4: 1,0,1 → 2/6.
    # P̄ = 2/3; p_0 = (2/3 + 0 + 1 + 1/3)/4 = 1/2 = p_1; P_e = 1/2; κ = (2/3 − 1/2)/(1/2) = 1/3.
    # Ceiling: others (0,1) tie with label 0 → 1/2; (1,1) → 1; (0) → 1; (0,1) tie with 1 → 1/2: 3/4.
    data = b"text,label,annotator_1,annotator_2,notes\nhello,0,0,1,x\nbad,1,1,1,y\nok,0,0,,z\nugh,1,0,1,w\n"
    dataset = load_bytes(data, "three.csv")
    result = profile(dataset).agreement
    assert result is not None and result.kappa_kind == "fleiss"
    assert (result.agreement, result.kappa, result.ceiling) == pytest.approx((2 / 3, 1 / 3, 3 / 4))
    assert [(c.column, c.items, c.agreement_with_output) for c in result.columns] == [
        ("annotator_1", 4, 0.75), ("annotator_2", 3, pytest.approx(2 / 3))]
    summary = profile(dataset).summary()["annotator_agreement"]
    assert summary["annotators"] == 3 and summary["kappa_band"] == "fair" and summary["items_rated_by_2_or_more"] == 4
    # The annotator columns are read now: only `notes` is still reported as not read.
    unread = next(issue for issue in dataset.issues if issue.code == "fields_not_read")
    assert "notes" in str(unread.arg("fields")) and "annotator" not in str(unread.arg("fields"))
    assert next(f for f in result.findings() if f.code == "low_annotator_agreement").severity == "medium"


def test_labels_are_compared_as_people_read_them_and_numbers_as_written() -> None:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"text": ["a", "b", "c", "d"], "label": ["Pos", "neg", "pos", "neg"],
                      "rater_2": [" POS", "neg ", "pos", None]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    result = profile(load_bytes(buffer.getvalue(), "case.parquet")).agreement
    assert result is not None and result.agreement == 1.0 and result.items == 3
    numbers = pa.table({"text": ["a", "b", "c"], "label": [1, 0, 1], "label_2": [1.0, 0.0, float("nan")]})
    buffer = io.BytesIO()
    pq.write_table(numbers, buffer)
    result = profile(load_bytes(buffer.getvalue(), "numbers.parquet")).agreement
    assert result is not None and (result.items, result.agreement) == (2, 1.0)


def test_columns_sharing_labels_but_not_a_name_are_not_annotators() -> None:
    # Jigsaw's toxic-comment layout: 0/1 columns that rate different things.
    data = b"comment_text,toxic,obscene,insult\nx,1,1,0\ny,0,0,0\nz,1,0,1\nw,0,0,0\n"
    assert load_bytes(data, "jigsaw.csv", input_col="comment_text", output_col="toxic").annotations is None
    # A name like the label's but other values: a label's name, not another annotator.
    data = b"text,label,label_name\nx,1,positive\ny,0,negative\nz,1,positive\n"
    assert load_bytes(data, "names.csv").annotations is None


def test_named_columns_are_read_whatever_their_names_and_a_missing_one_is_an_error() -> None:
    data = b"text,label,first,second\nx,1,1,0\ny,0,0,0\nz,1,1,1\n"
    dataset = load_bytes(data, "named.csv", annotator_cols=["second", "label"])  # the output column is left out
    assert dataset.annotations is not None and dataset.annotations.columns == ("second",) and dataset.annotations.named
    with pytest.raises(LoadError) as error:
        load_bytes(data, "named.csv", annotator_cols=["third"])
    assert error.value.code == "column_missing" and dict(error.value.args_)["column"] == "third"
    with pytest.raises(LoadError) as error:
        load_bytes(b'{"prompt": "a", "completion": "b"}\n', "records.jsonl", annotator_cols=["x"])
    assert error.value.code == "annotator_cols_not_table"


def hostile_rows() -> list[list[str]]:
    """150 items × 10 annotator columns, the tenth all empty, empty cells elsewhere; plus a row with no label
    (rejected), a blank row, and a free-text column whose name looks like an annotator's."""
    header = ["text", "label", *(f"annotator_{n}" for n in range(1, 11)), "annotator_notes"]
    rows = [header]
    for i in range(50):
        rows.append([f"a {i}", "1", *["1"] * 9, "", f"note {i} " + "x" * 300])
        rows.append([f"b {i}", "0", *["0"] * 5, *[""] * 4, "", f"other note {i}"])
        rows.append([f"c {i}", "0", "1", "1", "1", "1", "0", "0", "0", "0", "", "", ""])
    rows.append(["no label", "", *["1"] * 9, "", ""])
    rows.append([""] * len(header))
    return rows


# By hand for hostile_rows (3 kinds of item, 50 each):
#   a: 10 ratings of 1 → P = 1; b: 6 ratings of 0 → P = 1; c: five 0 and four 1 → P = (5·4 + 4·3)/(9·8) = 4/9.
#   P̄ = (1 + 1 + 4/9)/3 = 22/27; p_1 = (1 + 0 + 4/9)/3 = 13/27, p_0 = 14/27; P_e = 365/729; κ = 229/364.
#   Ceiling: a → 1, b → 1, c: the others tie 4–4 and the label 0 is one of them → 1/2; (1 + 1 + 1/2)/3 = 5/6.
#   Its macro-F1 (c counts as half a prediction of 0 and half of 1): label 1 — 50 expected, 75 predicted, 50 right:
#   F1 = 100/125 = 0.8; label 0 — 100 expected, 75 predicted, 75 right: F1 = 150/175 = 6/7; mean 29/35.
HOSTILE_KAPPA = 229 / 364


def test_hostile_ten_annotators_empty_cells_and_an_empty_column() -> None:
    data = csv_bytes(hostile_rows())
    named = [f"annotator_{n}" for n in range(1, 11)]
    dataset = load_bytes(data, "hostile.csv", annotator_cols=named)
    assert_accounted(dataset)
    assert (dataset.examples_kept, dataset.lines_rejected, dataset.blank_lines) == (150, 1, 1)
    result = profile(dataset).agreement
    assert result is not None and result.kappa_kind == "fleiss"
    assert result.agreement == pytest.approx(22 / 27)
    assert result.kappa == pytest.approx(HOSTILE_KAPPA)
    assert result.ceiling == pytest.approx(5 / 6)
    assert result.ceiling_macro_f1 == pytest.approx(29 / 35)
    assert result.annotators == 10  # the empty tenth column rated nothing
    assert result.columns[0].agreement_with_output == pytest.approx(100 / 150)
    assert result.columns[-1].items == 0 and result.columns[-1].agreement_with_output is None
    codes = [finding.code for finding in result.findings()]
    assert codes == ["annotator_column_empty"]  # κ 0.63: substantial, nothing else to act on
    assert result.band == "substantial"

    # Found without names: the same nine columns; the empty one and the free-text one are not annotators.
    found = load_bytes(data, "hostile.csv")
    assert found.annotations is not None and found.annotations.columns == tuple(named[:9])
    assert profile(found).agreement.kappa == pytest.approx(HOSTILE_KAPPA)
    unread = next(issue for issue in found.issues if issue.code == "fields_not_read")
    assert "annotator_notes" in str(unread.arg("fields"))


def test_equal_rows_of_labels_are_one_object() -> None:
    dataset = load_bytes(csv_bytes(hostile_rows()), "hostile.csv")
    assert dataset.annotations is not None
    assert len({id(labels) for labels in dataset.annotations.labels}) == 3


def test_cli_names_the_columns_and_prints_the_agreement(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_bytes(hostile_rows()))
    named = ",".join(f"annotator_{n}" for n in range(1, 11))
    result = subprocess.run([ADVISOR, "analyze", str(path), "--annotator-cols", named, "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    agreement = json.loads(result.stdout)["profile"]["annotator_agreement"]
    assert agreement["kappa"] == round(HOSTILE_KAPPA, 4) and agreement["ceiling"] == round(5 / 6, 4)
    assert agreement["annotators"] == 10 and agreement["items_rated_by_2_or_more"] == 150
    assert agreement["kappa_kind"] == "fleiss" and agreement["columns"][-1] == {
        "column": "annotator_10", "items": 0, "agreement_with_output": None}
    text = subprocess.run([ADVISOR, "analyze", str(path), "--annotator-cols", named, "--lang", "pt"],
                          capture_output=True, text=True, timeout=120).stdout
    assert ("Anotadores 10 (150 itens com 2+ rótulos): concordância 81%, kappa de Fleiss 0,63 (substancial); "
            "teto de qualquer opção 83%") in text
    missing = subprocess.run([ADVISOR, "analyze", str(path), "--annotator-cols", "annotator_99"],
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "annotator_99" in missing.stderr and "Traceback" not in missing.stderr
    assert missing.stderr.count("\n") == 1
    assert not math.isnan(agreement["agreement"])


def test_agreement_no_better_than_chance_is_a_high_finding() -> None:
    # p_o = 2/4, both annotators 2 × a and 2 × b: p_e = 1/2, κ = 0 ("slight", Landis & Koch's 0.00–0.20).
    data = b"text,label,label_2\nw,a,a\nx,a,b\ny,b,a\nz,b,b\n"
    result = profile(load_bytes(data, "chance.csv")).agreement
    assert result is not None and result.kappa == pytest.approx(0.0) and result.band == "slight"
    finding = next(f for f in result.findings() if f.code == "low_annotator_agreement")
    assert finding.severity == "high" and "50%" in describe(finding, "en")


def test_a_found_column_of_free_text_stops_being_read() -> None:
    from advisor.data.annotators import MAX_LABELS, AnnotatorReader

    reader = AnnotatorReader(("annotator_comment", "annotator_2"), named=False)
    for number in range(10_000):
        reader.add({"annotator_comment": f"comment {number}", "annotator_2": "1"})
    assert reader.reading == [False, True]
    # Kept so far: the combinations met before the column was dropped, then one — memory does not grow per row.
    assert len({id(row) for row in reader._rows}) <= MAX_LABELS + 2


def test_a_saved_analysis_keeps_the_agreement_and_report_from_refuses_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_bytes(hostile_rows()))
    saved = tmp_path / "analysis.json"
    made = subprocess.run([ADVISOR, "recommend", str(path), "--monthly-requests", "1000", "--save-analysis",
                           str(saved)], capture_output=True, text=True, timeout=240)
    assert made.returncode == 0, made.stderr
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert document["analysis"]["profile"]["annotator_agreement"]["kappa"] == round(HOSTILE_KAPPA, 4)
    refused = subprocess.run([ADVISOR, "report", "--from", str(saved), "--out", str(tmp_path / "r.md"),
                              "--annotator-cols", "annotator_1"], capture_output=True, text=True, timeout=120)
    assert refused.returncode == 2 and "--annotator-cols" in refused.stderr and not (tmp_path / "r.md").exists()


def test_a_workbook_sheet_with_annotator_columns() -> None:
    from tests.helpers import workbook_bytes

    rows = [["text", "label", "rater_a", "rater_b"], ["x", 1, 1.0, 1], ["y", 0, 0.0, 1], ["z", 1, None, 1],
            ["w", 0, 0.0, 0]]
    dataset = load_bytes(workbook_bytes(("votes", rows, "visible")), "votes.xlsx")
    assert dataset.annotations is not None and dataset.annotations.columns == ("rater_a", "rater_b")
    result = profile(dataset).agreement
    # Items: (1,1,1) P=1; (0,0,1) P=1/3; (1,1) P=1; (0,0,0) P=1 → P̄ = 5/6.
    # Shares: p_1 = (1 + 1/3 + 1 + 0)/4 = 7/12, p_0 = 5/12; P_e = (49 + 25)/144 = 37/72;
    # κ = (5/6 − 37/72)/(35/72) = 23/35.
    assert (result.agreement, result.kappa) == pytest.approx((5 / 6, 23 / 35))
