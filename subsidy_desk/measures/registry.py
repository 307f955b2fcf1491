"""The measures the program knows, listed once: everything outside a measure's package asks here for them.

To add a kind, write its package (``measures/<kind>/``, building one ``measure.Measure``), add it to ``_BUILTIN``
below with its title and its loader, and its rule file to resources/rules/ruleset.json (docs/architecture.md).
``register`` adds one at run time: the test suite proves with a made-up measure that nothing else needs to change.

A kind's package is imported when its measure is first asked for, not when the registry is: the window shows four
tabs (their titles, listed here) but builds only the visible calculator, and a batch of one kind loads one
(docs/speed.md). tests/measures/test_registry.py checks that each title here is its measure's own.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Callable

from ..i18n import N_
from .measure import Measure


def _startup_loan() -> Measure:
    from .startup_loan import MEASURE as startup_loan

    return startup_loan


def _guarantee_fee() -> Measure:
    from .guarantee_fee import MEASURE as guarantee_fee

    return guarantee_fee


def _agency_claim() -> Measure:
    from .agency_claim import MEASURE as agency_claim

    return agency_claim


def _six_taxes() -> Measure:
    from .six_taxes import MEASURE as six_taxes

    return six_taxes


# Every built-in kind in the order of the window's tabs and the summaries: (its title, its package's loader).
_BUILTIN: dict[str, tuple[str, Callable[[], Measure]]] = {
    "startup_loan": (N_("创业担保贷款贴息"), _startup_loan),
    "guarantee_fee": (N_("担保费补贴"), _guarantee_fee),
    "agency_claim": (N_("担保机构保费补贴申请"), _agency_claim),
    "six_taxes": (N_("六税两费减征"), _six_taxes),
}
_added: dict[str, Measure] = {}
_known: dict[str, Measure] = {}  # the measures loaded so far, by kind: a batch asks once per row


class Measures(Mapping):
    """Every measure by kind, as a read-only mapping: its keys (the kinds, in order) are known without loading any
    package; reading a value loads that one measure."""

    def __getitem__(self, kind: str) -> Measure:
        return measure(kind)

    def get(self, kind, default=None):
        try:
            return measure(kind)
        except KeyError:
            return default

    def __iter__(self) -> Iterator[str]:
        return iter([*_BUILTIN, *_added])

    def __len__(self) -> int:
        return len(_BUILTIN) + len(_added)

    def __contains__(self, kind: object) -> bool:
        return kind in _BUILTIN or kind in _added

    def __repr__(self) -> str:
        return f"Measures({list(self)})"


_MEASURES = Measures()


def measures() -> Measures:
    """Every measure by kind, in the order the window shows its tabs and the summaries list them."""
    return _MEASURES


def measure(kind: str) -> Measure:
    """The measure of ``kind`` (its package imported on first use); KeyError for a kind the program does not know."""
    found = _known.get(kind)
    if found is None:
        if kind in _added:
            return _added[kind]
        found = _known[kind] = _BUILTIN[kind][1]()
    return found


def titles() -> dict[str, str]:
    """Each kind's title (marked for translation, not translated): 创业担保贷款贴息 ..."""
    return {**{kind: title for kind, (title, _load) in _BUILTIN.items()},
            **{kind: m.title for kind, m in _added.items()}}


def register(new: Measure) -> None:
    """Add a measure after the built-in ones (the test suite's made-up measure)."""
    if new.kind in _MEASURES:
        raise ValueError(f"measure {new.kind!r} is already registered")
    _added[new.kind] = new


def unregister(kind: str) -> None:
    _added.pop(kind)
