"""The first rows of an uploaded table, to show beside the column picker when the columns cannot be guessed.

Bounded whatever the file: a delimited file is read from its first PREVIEW_BYTES only (a gzip stream inflated
that far and no further); a workbook or Parquet file has already passed the loader's size checks before the
picker is shown. Any failure gives None: the preview is a help, the picker works without it."""

from __future__ import annotations

import gzip
import io
import zlib

import pandas as pd

PREVIEW_ROWS = 5
PREVIEW_BYTES = 256 * 1024


def table_preview(data: bytes, name: str, sheet: str | None = None, rows: int = PREVIEW_ROWS) -> pd.DataFrame | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        data, lower = _inflated_start(data), lower.removesuffix(".gz")
    try:
        if lower.endswith((".csv", ".tsv", ".txt")):
            head = data[:PREVIEW_BYTES].decode("utf-8", errors="replace")
            if len(data) > PREVIEW_BYTES:
                if "\n" not in head:
                    return None  # not even the header line fits: nothing whole to show
                head = head.rsplit("\n", 1)[0]  # only whole lines
            header = head.split("\n", 1)[0]
            # The loader's rule (Brazilian Excel writes ';'): the delimiter the header uses most. csv.Sniffer would
            # take seconds on a long line.
            delimiter = "\t" if lower.endswith(".tsv") else max((",", ";", "\t", "|"), key=header.count)
            return pd.read_csv(io.StringIO(head), sep=delimiter, nrows=rows, dtype=str, keep_default_na=False)
        if lower.endswith(".xlsx"):
            return pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, nrows=rows, dtype=str, engine="calamine")
        if lower.endswith(".parquet"):
            import pyarrow.parquet as pq

            batches = pq.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=rows)
            return next(batches).to_pandas().astype(str).head(rows)
    except Exception:  # noqa: BLE001 - a preview never stops the picker
        return None
    return None


def _inflated_start(data: bytes) -> bytes:
    """The first PREVIEW_BYTES of a gzip stream, inflating no more than that."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(data[: 4 * PREVIEW_BYTES], PREVIEW_BYTES)
    except (zlib.error, gzip.BadGzipFile):
        return b""
