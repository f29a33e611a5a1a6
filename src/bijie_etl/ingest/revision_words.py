"""Header labels that say a figure was revised (sources/headers.yaml ``roles: revised`` / ``revision_unclear``)
or how final it is (``roles: status_notes``): 1-6月累计（调整后）, 修订后本月, 调整后 alone, 本月（快报）.

Tried only on a label the grammar does not know otherwise: the label of the rest, marked revised (the table's
rules are :mod:`bijie_etl.ingest.revised`). No import of the grammar: it passes its own parser in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bijie_etl.ingest.grammar import Label

__all__ = ["revised_label", "revision_words"]


def revision_words(roles: dict[str, Any], key: Callable[[str], str]) -> tuple[tuple[str, str], ...]:
    """(word, "revised" | "unclear" | "status"), longest word first."""
    lists = (("revised", "revised"), ("revision_unclear", "unclear"), ("status_notes", "status"))
    words = [(key(w), kind) for name, kind in lists for w in roles.get(name, [])]
    return tuple(sorted(words, key=lambda wk: len(wk[0]), reverse=True))


def revised_label(
    found: Label, label_of: Callable[[str], Label], words: tuple[tuple[str, str], ...]
) -> Label:
    """``found`` (a label the grammar did not know) read again without a revision word — in brackets, before
    or after the rest — or a note of how final its figures are: the rest's label, marked revised (a revision
    word alone: a bare qualifier marked so). ``found`` when no word is there or the rest is not understood."""
    from bijie_etl.ingest.headers import header_key

    key = header_key(found.text)
    for word, kind in words:
        if word not in key:
            continue  # in brackets, before or after the rest: in the key (one search, the usual answer)
        if f"({word})" in key:
            rest = key.replace(f"({word})", "", 1)
        elif key.startswith(word):
            rest = key[len(word) :]
        elif key.endswith(word):
            rest = key[: -len(word)]
        else:
            continue
        revised = None if kind == "status" else kind
        if not rest.strip("()"):
            return replace(found, kind="qualifier", revised=revised) if revised else found
        inner = label_of(rest)
        if inner.kind in ("unknown", "blank", "identity", "serial"):
            return found
        return replace(inner, text=found.text, revised=revised)
    return found
