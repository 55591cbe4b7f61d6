"""Text cells for spreadsheets that a spreadsheet can never run as a formula.

A cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) is read by Excel, LibreOffice and Google Sheets as a formula,
so a trainee named ``=HYPERLINK(...)`` could run one on the coach's machine.
Following OWASP's advice on CSV injection, such text gets a leading apostrophe.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, with a leading ``'``; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with every text cell and column name neutralised; numbers stay numbers."""
    out = frame.copy()
    for i, dtype in enumerate(out.dtypes):
        if dtype == object or isinstance(dtype, (pd.StringDtype, pd.CategoricalDtype)):
            out.isetitem(i, out.iloc[:, i].map(neutralise))
    out.columns = [neutralise(c) for c in out.columns]
    return out
