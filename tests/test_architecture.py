"""The house's order (docs/architecture.md): layers only look down, the core knows no Qt, a measure lives in its
package."""
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


# From the bottom; a module may import its own layer and those below (docs/architecture.md).
LAYERS = [
    ("ground", {"__init__", "money", "format", "fields", "files", "i18n", "paths", "applicant", "office", "claimed", "strict_json", "sheet_text"}),
    ("rules", {"rules"}),
    ("measures", {"measures"}),
    ("case", {"case"}),
    ("made of cases", {"worksheets", "batch", "ledger", "readings"}),
    ("top", {"cli", "__main__", "ui"}),
]


def _layer(module: str) -> int:
    top = (module.split(".") + ["__init__"])[1]
    found = [n for n, (_, tops) in enumerate(LAYERS) if top in tops]
    assert found, f"{module}: not in any layer of LAYERS (docs/architecture.md)"
    return found[0]


def _module_exists(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or path.is_dir()


def _imports(text: str, module: str):
    """(line, module) for every subsidy_desk module ``text`` (the source of ``module``) imports, relative imports
    resolved; ``from .. import __version__`` names the package itself."""
    package = module.split(".")[:-1] if not module.endswith(".__init__") else module.split(".")[:-1]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            if node.module:
                yield node.lineno, ".".join([*base, node.module])
            else:
                for a in node.names:
                    name = ".".join([*base, a.name])
                    yield node.lineno, name if _module_exists(name) else ".".join(base)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("subsidy_desk"):
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names if a.name.startswith("subsidy_desk"))


def test_layers_only_look_down():
    """ground → rules → measures → case → worksheets/batch/ledger → cli/ui: no module imports a layer above its
    own, lazily inside a function or not (and no importlib look-ups, which this test could not see)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        text = path.read_text(encoding="utf-8")
        own = _layer(module)
        for line, target in _imports(text, module):
            if _layer(target) > own:
                offenders.append(f"{module}:{line} imports {target} ({LAYERS[_layer(target)][0]} above "
                                 f"{LAYERS[own][0]})")
        assert "import_module(" not in text and "__import__(" not in text, f"{module} imports modules by name"
    assert offenders == []


def test_the_layer_check_sees_a_lazy_import_upward():
    """The check above can fail: a window imported inside a function of the case format is an import upward."""
    text = "def f():\n    from .ui.main_window import MainWindow\n    from . import __version__\n"
    found = list(_imports(text, "subsidy_desk.case"))
    assert found == [(2, "subsidy_desk.ui.main_window"), (3, "subsidy_desk")]
    assert _layer(found[0][1]) > _layer("subsidy_desk.case") > _layer(found[1][1])


def test_the_window_never_imports_the_database_library():
    """The window talks to the ledger only: its refusals and database problems arrive as LedgerError in Chinese."""
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            offenders += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] == "sqlalchemy"]
    assert offenders == []
