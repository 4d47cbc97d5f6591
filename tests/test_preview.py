"""The first rows shown beside the column picker (advisor/ui/preview.py): right, and bounded on hostile files."""

from __future__ import annotations

import gzip
import io

import pyarrow as pa
import pyarrow.parquet as pq

from advisor.ui.preview import PREVIEW_BYTES, table_preview
from tests.test_loader_hostile import _xlsx_bytes


def test_each_table_container_shows_its_first_rows_as_text():
    csv = b"id;body;stars\n1;great;5\n2;awful;1\n"
    assert table_preview(csv, "r.csv").to_dict("list") == {"id": ["1", "2"], "body": ["great", "awful"],
                                                           "stars": ["5", "1"]}
    assert table_preview(gzip.compress(csv.replace(b";", b"\t")), "r.tsv.gz")["body"].tolist() == ["great", "awful"]
    sheet = _xlsx_bytes([["id", "body"], [1, "great"], [2, "awful"]])
    assert table_preview(sheet, "r.xlsx")["body"].tolist() == ["great", "awful"]
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": [1, 2, 3, 4, 5, 6, 7], "body": list("abcdefg")}), buffer)
    assert table_preview(buffer.getvalue(), "r.parquet")["body"].tolist() == list("abcde")  # five rows at most


def test_a_gzip_bomb_is_inflated_only_as_far_as_the_preview_needs():
    bomb = gzip.compress(b"a,b,c\n" + b"1,2,3\n" * (50 * 1024 * 1024 // 6))  # 50 MB inflated, ~50 KB on disk
    preview = table_preview(bomb, "bomb.csv.gz")
    assert preview is not None and len(preview) == 5 and list(preview.columns) == ["a", "b", "c"]


def test_one_endless_line_gives_no_preview_and_no_hang():
    line = b"x" * (4 * PREVIEW_BYTES)  # a single line longer than the preview reads: no whole line to show
    preview = table_preview(line, "one.csv")
    assert preview is None or len(preview) == 0


def test_garbage_gives_none():
    assert table_preview(b"\x00\xff" * 1000, "bad.xlsx") is None
    assert table_preview(b"not gzip", "bad.csv.gz") is None or len(table_preview(b"not gzip", "bad.csv.gz")) == 0
