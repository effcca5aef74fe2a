"""Tables leave the tool as CSV without becoming spreadsheet formulas (CSV injection).

A chat message, member name or group name that starts like a formula (``=HYPERLINK(...)``,
``+1+1``, ``-2+3``, ``@SUM(1)``, or a tab or carriage return before one) would run as a formula
when the coordinator opens the CSV in Excel or LibreOffice. Every CSV the project writes, from the
command line (``reports.tables_to_csv``) and from the dashboard's downloads, is written by
`to_csv_bytes`, so the rule lives in one place:

- text that starts like a formula gets a leading apostrophe (`escape_formulas`); only text cells
  are touched, a genuinely numeric column (a negative delta, minutes) stays a number;
- rows end in CRLF, so every field holding a line break, including a lone carriage return, is
  quoted: an unquoted "\r" would start a new row in a spreadsheet, and with it a formula.
"""

from __future__ import annotations

import pandas as pd

#: What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: object) -> object:
    """Text that would start a formula, prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _is_text(series: pd.Series) -> bool:
    dtype = series.dtype
    return (
        pd.api.types.is_object_dtype(dtype)
        or isinstance(dtype, pd.StringDtype | pd.CategoricalDtype)
        or pd.api.types.is_string_dtype(dtype)
    )


def escape_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot run as formulas; numeric and date columns untouched."""
    out = frame.copy()
    for position in range(out.shape[1]):  # by position: display tables may repeat a column name
        column = out.iloc[:, position]
        if _is_text(column):
            out.isetitem(position, column.astype(object).map(escape_formula))
    return out


def to_csv_bytes(
    frame: pd.DataFrame,
    *,
    sep: str = ",",
    decimal: str = ".",
    date_format: str | None = None,
    excel_bom: bool = False,
    header: bool = True,
) -> bytes:
    """``frame`` as CSV that opens safely in a spreadsheet: formulas escaped, line breaks quoted.

    ``excel_bom`` starts the file with a byte-order mark, so Excel reads UTF-8 (the dashboard's
    downloads); the command line's files are plain UTF-8 for scripts. Without ``header`` the rows
    alone: the next piece of a file written a piece at a time.
    """
    text = escape_formulas(frame).to_csv(
        index=False, sep=sep, decimal=decimal, date_format=date_format, lineterminator="\r\n", header=header
    )
    return text.encode("utf-8-sig" if excel_bom else "utf-8")
