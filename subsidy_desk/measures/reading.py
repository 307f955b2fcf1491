"""Another reading a bank or agency may have used, described as data: what it is called and what it changes.

When a claimed figure differs from ours, the case is recomputed under these readings (readings.py, above the case
format) through the normal compute entry, one at a time and in pairs, to find the one that gives the claimed figure.
A reading never computes anything itself: it only says which inputs and which rule values the bank read otherwise.

Each measure lists its readings (``measures/<kind>/readings.py``). A reading's words fit one sentence:
「申请金额按{theirs}计算，与本程序按{ours} 相差 …」.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable


@dataclass(frozen=True)
class Change:
    """What one reading does to one case: inputs replaced, rule values replaced on every date, and the words."""

    theirs: str  # 实际天数/365
    ours: str  # 实际天数/360
    inputs: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    """One way of reading a case that a bank or agency may have used.

    ``vary(inputs, applicant, rules, result)`` says what the reading changes for this case, or None when the reading
    is what the case already uses or does not apply to it (no principal above the cap, say). Readings of one
    ``group`` exclude each other (one day count at a time), so only readings of different groups are paired.
    """

    key: str
    group: str
    name: str  # the reading in a clerk's words, as docs and the list of readings tried show it
    vary: Callable[[dict, dict, Any, Any], Change | None]


def choice(key: str, group: str, field_name: str, value: str, words: dict[str, str],
           when: Callable[[dict], bool] | None = None) -> Reading:
    """The reading that sets a choice input to ``value``, in the words ``words`` gives each of its values;
    ``when(inputs)`` says whether the choice can change anything for the case at all."""

    def vary(inputs, applicant, rules, result):
        if inputs.get(field_name) == value or (when is not None and not when(inputs)):
            return None
        return Change(words[value], words.get(inputs.get(field_name), str(inputs.get(field_name))),
                      inputs={field_name: value})

    return Reading(key, group, words[value], vary)


class Adjusted:
    """A rule set with some values read otherwise on every date: how a bank's own reading of a rule is tried.

    Everything else (the LPR table, the stamp, the series) is the rule set's own.
    """

    def __init__(self, base, values: dict[str, Any]):
        self._base, self._values = base, values

    def __getattr__(self, name):
        return getattr(self._base, name)

    def get(self, key: str, as_of: date):
        return self._adjust(self._base.get(key, as_of))

    def kept(self, key: tuple, make, *args):
        """Made afresh: what the rule set keeps (RuleSet.kept) was made from its own values, not these."""
        return make(*args)

    def find(self, key: str, as_of: date):
        found = self._base.find(key, as_of)
        return None if found is None else self._adjust(found)

    def _adjust(self, value):
        if value.key in self._values:
            return replace(value, value=self._values[value.key])
        return value
