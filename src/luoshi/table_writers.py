"""Write one table, batch after batch, as .csv, .parquet or .xlsx: the format follows the file's extension.

Rows arrive in batches and leave for the disk at once, so memory holds one
batch whatever the table's length. The table is written to a hidden file
beside the target and renamed over it only when complete: an interrupted
write leaves the previous file (or none), never half a table.

- .csv: UTF-8 with a byte-order mark, so that Excel reads the Chinese right;
  empty cells for missing values, true/false for booleans.
- .parquet: typed columns (strings, 64-bit integers, doubles, booleans),
  one row group a batch, through pyarrow's ParquetWriter.
- .xlsx: openpyxl's write-only mode (rows streamed, strings inline). A sheet
  holds at most 1,048,576 rows with its header: a longer table continues on
  sheets `corpus (2)`, `corpus (3)`, … each with the header again.

>>> columns = (("name", "str"), ("value", "float"), ("ok", "bool"))
>>> csv_cells([None, 1.5, True], columns)
['', 1.5, 'true']
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence
from pathlib import Path

EXTENSIONS = (".csv", ".parquet", ".xlsx")
XLSX_MAX_ROWS = 1_048_576  # Excel's limit for a sheet, the header included
XLSX_MAX_CHARS = 32_767  # Excel's limit for a cell
SHEET = "corpus"

Columns = Sequence[tuple[str, str]]  # (name, type): type is "str", "int", "float" or "bool"


class TableFormatError(ValueError):
    """The output's extension names no format we write, or its library is missing."""


def format_of(path: Path) -> str:
    """'csv', 'parquet' or 'xlsx' from the file's extension; raises TableFormatError.

    >>> format_of(Path("指标.CSV")), format_of(Path("a/b.parquet"))
    ('csv', 'parquet')
    """
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise TableFormatError(f"{path}: the table's format follows its extension: name a .csv, .parquet or "
                               f".xlsx file (not {ext or 'a name without extension'})")
    if ext == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise TableFormatError(f"{path}: writing .parquet needs pyarrow (python3 -m pip install pyarrow); "
                                   "or name a .csv or .xlsx file") from None
    return ext[1:]


def open_table(path: Path, columns: Columns) -> TableWriter:
    """A writer for `path` in the format of its extension; use it as a context manager."""
    return {"csv": CsvWriter, "parquet": ParquetWriter, "xlsx": XlsxWriter}[format_of(path)](path, columns)


class TableWriter:
    """Writes to a hidden partial file; `with` renames it into place on success and deletes it on failure."""

    def __init__(self, path: Path, columns: Columns):
        self.path = Path(path)
        self.columns = tuple(columns)
        self.partial = self.path.with_name(f".{self.path.name}.partial")
        self.rows = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, rows: Sequence[Sequence]) -> None:
        """Write a batch of rows, each a sequence of values in the order of `columns`."""
        if rows:
            self._write(rows)
            self.rows += len(rows)

    def __enter__(self) -> TableWriter:
        self._open()
        return self

    def __exit__(self, kind, error, tb) -> None:
        try:
            self._close()
        except BaseException:
            self.partial.unlink(missing_ok=True)
            raise
        if kind is None:
            os.replace(self.partial, self.path)
        else:
            self.partial.unlink(missing_ok=True)

    def _open(self) -> None:
        raise NotImplementedError

    def _write(self, rows: Sequence[Sequence]) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError


def csv_cells(row: Sequence, columns: Columns) -> list:
    return ["" if v is None else ("true" if v else "false") if kind == "bool" else v
            for v, (_, kind) in zip(row, columns, strict=True)]


class CsvWriter(TableWriter):
    def _open(self) -> None:
        self.stream = open(self.partial, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by __exit__)
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow([name for name, _ in self.columns])

    def _write(self, rows: Sequence[Sequence]) -> None:
        self.writer.writerows(csv_cells(row, self.columns) for row in rows)

    def _close(self) -> None:
        self.stream.close()


class ParquetWriter(TableWriter):
    def _open(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
        self.schema = pa.schema([(name, types[kind]) for name, kind in self.columns])
        self.writer = pq.ParquetWriter(self.partial, self.schema, compression="zstd")

    def _write(self, rows: Sequence[Sequence]) -> None:
        import pyarrow as pa

        arrays = [pa.array([row[i] for row in rows], type=field.type) for i, field in enumerate(self.schema)]
        self.writer.write_table(pa.Table.from_arrays(arrays, schema=self.schema))

    def _close(self) -> None:
        self.writer.close()


# Characters an .xlsx file cannot hold (openpyxl refuses them): control characters but tab and newlines.
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class XlsxWriter(TableWriter):
    def _open(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        self.sheet = self.book.create_sheet(SHEET if self.sheets == 1 else f"{SHEET} ({self.sheets})")
        self.sheet.append([name for name, _ in self.columns])
        self.sheet_rows = 1

    def _write(self, rows: Sequence[Sequence]) -> None:
        for row in rows:
            if self.sheet_rows == XLSX_MAX_ROWS:
                self._new_sheet()
            self.sheet.append([self._cell(v) for v in row])
            self.sheet_rows += 1

    def _cell(self, value):
        if not isinstance(value, str):
            return value
        value = _ILLEGAL_XLSX.sub(" ", value)[:XLSX_MAX_CHARS]
        if value.startswith("="):  # text, not a formula
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self.sheet, value)
            cell.data_type = "s"
            return cell
        return value

    def _close(self) -> None:
        self.book.save(self.partial)
