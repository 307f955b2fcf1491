"""The registry lists the measures without loading them: a kind's package is imported when its measure is first
asked for, so the window's tabs (their titles) cost nothing and one batch kind loads one package."""
import subprocess
import sys

from subsidy_desk.measures import registry

from ..conftest import ROOT


def test_each_title_listed_is_its_measures_own_in_the_same_order():
    assert list(registry.titles()) == list(registry.measures())
    for kind, title in registry.titles().items():
        m = registry.measure(kind)
        assert (m.kind, m.title) == (kind, title)
    assert dict(registry.measures().items()) == {kind: registry.measure(kind) for kind in registry.titles()}


def test_an_unknown_kind_is_a_key_error_and_no_measure():
    import pytest

    with pytest.raises(KeyError):
        registry.measure("no_such_kind")
    assert registry.measures().get("no_such_kind") is None and "no_such_kind" not in registry.measures()


def test_listing_the_kinds_loads_no_measure_and_asking_for_one_loads_only_it():
    code = ("import sys; from subsidy_desk.measures import registry as r; "
            "ms = r.measures(); kinds = list(ms); t = r.titles(); "
            "loaded = lambda: sorted(k for k in kinds if f'subsidy_desk.measures.{k}' in sys.modules); "
            "before = loaded(); one = ms[kinds[0]]; print(before, loaded(), one.kind == kinds[0], len(ms) == len(t))")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    kinds = list(registry.titles())
    assert p.stdout.split() == ["[]", f"['{kinds[0]}']", "True", "True"]
