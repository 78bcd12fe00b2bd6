"""streamwise.metrics: River's `metrics` module on the C++ core."""

from streamwise._core.metrics import *  # noqa: F401,F403
from streamwise._core import metrics as _impl

__all__ = [name for name in dir(_impl) if not name.startswith("_")]


def _confusion_table(cm):
    """River's text table of a ConfusionMatrix: sorted labels, rows are true labels, columns
    predicted labels, counts as integers with thousands separators ("" when empty)."""
    classes = sorted(cm.classes)
    if not classes:
        return ""
    headers = [""] + [str(c) for c in classes]
    columns = [headers[1:]]
    for col in classes:
        columns.append([f"{int(cm[row][col]):,}" for row in classes])
    widths = [max(max(map(len, col)), len(h)) for h, col in zip(headers, columns)]
    row_format = " ".join("{:" + str(w + 2) + "s}" for w in widths)
    lines = [row_format.format(*headers)]
    for i in range(len(classes)):
        lines.append(row_format.format(*[col[i].rjust(w) for col, w in zip(columns, widths)]))
    return "\n".join(lines)
