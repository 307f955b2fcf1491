"""The measures the program knows, listed once: everything outside a measure's package asks here for them."""
from __future__ import annotations

from types import ModuleType


def calculators() -> dict[str, ModuleType]:
    """Each kind's calculator (fields, checks, compute), in the order the window shows its tabs."""
    from .guarantee_fee import calculator as guarantee_fee
    from .six_taxes import calculator as six_taxes
    from .startup_loan import calculator as startup_loan

    return {m.KIND: m for m in (startup_loan, guarantee_fee, six_taxes)}
