"""The measures the program knows, listed once: everything outside a measure's package asks here for them.

To add a kind, write its package (``measures/<kind>/``, building one ``measure.Measure``), add it to ``_builtin``
below and its rule file to resources/rules/ruleset.json (docs/architecture.md). ``register`` adds one at run time:
the test suite proves with a made-up measure that nothing else needs to change.
"""
from __future__ import annotations

from .measure import Measure

_added: dict[str, Measure] = {}
_known: dict[str, Measure] = {}  # every measure by kind, made on first use: a batch asks once per row


def _builtin() -> list[Measure]:
    from .agency_claim import MEASURE as agency_claim
    from .guarantee_fee import MEASURE as guarantee_fee
    from .six_taxes import MEASURE as six_taxes
    from .startup_loan import MEASURE as startup_loan

    return [startup_loan, guarantee_fee, agency_claim, six_taxes]


def measures() -> dict[str, Measure]:
    """Every measure by kind, in the order the window shows its tabs and the summaries list them."""
    if not _known:
        _known.update((m.kind, m) for m in [*_builtin(), *_added.values()])
    return dict(_known)


def measure(kind: str) -> Measure:
    """The measure of ``kind``; KeyError for a kind the program does not know."""
    if not _known:
        measures()
    return _known[kind]


def titles() -> dict[str, str]:
    """Each kind's title (marked for translation, not translated): 创业担保贷款贴息 ..."""
    return {kind: m.title for kind, m in measures().items()}


def register(new: Measure) -> None:
    """Add a measure after the built-in ones (the test suite's made-up measure)."""
    if new.kind in measures():
        raise ValueError(f"measure {new.kind!r} is already registered")
    _added[new.kind] = new
    _known.clear()


def unregister(kind: str) -> None:
    _added.pop(kind)
    _known.clear()
