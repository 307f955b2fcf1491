"""The claim key: what makes two ledger entries the same claim, so that the database can refuse the second.

Each measure says what its claim is (``Measure.claim``, in its package's claim.py); the key is the kind followed by
those parts, separated by "|", and ``key_text`` reads one back in words for the ledger's screens.

Every part is compared as people mean it (``normalise``, generic: it knows no measure): 'JK-2022-0621' and
'jk－2022－0621' are one contract, a credit code in lower case is the same code. Dates (ISO text) stay as they are.
"""
from __future__ import annotations

import re

from ..case import Case
from ..fields import FieldError, InputError, normalise_identifier as normalise
from ..measures.registry import measures

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def claim_key(case: Case, result=None) -> str:
    """The key for ``case``; ``result`` gives a loan's period when no claim window was entered."""
    measure = measures().get(case.kind)
    if measure is None:
        raise InputError([FieldError("kind", f"未知的类型 {case.kind!r}")])
    parts = [p if ISO_DATE.fullmatch(p) else normalise(p) for p in measure.claim(case, result)]
    return "|".join([case.kind, *parts])


def key_text(key: str) -> str:
    """A stored key in words: 担保合同 DB-1，担保期起 2022-07-01，担保期止 2022-12-28."""
    kind, *parts = key.split("|")
    measure = measures().get(kind)
    labels = measure.claim_labels if measure else ()
    return "，".join(f"{label} {value}" for label, value in zip(labels, parts))
