"""The core knows no Qt: everything outside subsidy_desk/ui runs headless."""
import ast
import subprocess
import sys

from .conftest import ROOT

PACKAGE = ROOT / "subsidy_desk"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def test_no_qt_import_outside_ui():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] in ("ui",):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{rel}:{node.lineno} {n}" for n in names if n.split(".")[0] in QT]
    assert offenders == []


def test_computing_every_kind_loads_no_qt():
    code = (
        "import sys, pathlib\n"
        "from subsidy_desk.case import read_case, compute\n"
        "from subsidy_desk.rules.load import load_rules\n"
        "rules = load_rules()\n"
        "for k in ('startup_loan', 'guarantee_fee', 'six_taxes'):\n"
        "    compute(read_case(pathlib.Path('docs/cases') / f'{k}.json'), rules)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_no_float_in_money_code():
    for sub in ("measures", "rules"):
        for path in (PACKAGE / sub).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "float"]
            assert not calls, path


def test_no_module_outside_its_measure_names_a_kind():
    """One measure, one package: the rest of the program asks measures/registry.py, whose list is the only place
    outside a measure's package that names it (docs/architecture.md)."""
    from subsidy_desk.measures.registry import measures

    kinds = list(measures())
    assert len(kinds) >= 3
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "measures" and (len(rel.parts) > 2 or rel.name == "registry.py"):
            continue  # inside a measure's package, or the registry's list
        text = path.read_text(encoding="utf-8")
        offenders += [f"{rel}: {kind}" for kind in kinds if kind in text]
    assert offenders == []


def test_the_registry_names_each_measure_once():
    text = (PACKAGE / "measures" / "registry.py").read_text(encoding="utf-8")
    from subsidy_desk.measures.registry import measures

    for kind in measures():
        assert text.count(f"from .{kind} import MEASURE as {kind}") == 1
