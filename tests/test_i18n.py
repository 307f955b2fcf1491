"""The translation catalogs are complete, compiled from the current sources, and shipped with the package."""
import gettext
import io
import re
import tomllib

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from subsidy_desk import i18n

from .conftest import ROOT

I18N = ROOT / "resources" / "i18n"
PO = I18N / "en" / "LC_MESSAGES" / "subsidy_desk.po"
MO = I18N / "en" / "LC_MESSAGES" / "subsidy_desk.mo"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def catalog():
    with PO.open("rb") as fh:
        return read_po(fh)


@pytest.fixture(autouse=True)
def chinese_afterwards():
    yield
    i18n.set_language(i18n.DEFAULT)


def test_every_message_is_translated_and_keeps_its_placeholders():
    messages = [m for m in catalog() if m.id]
    assert len(messages) > 100
    assert [m.id for m in messages if not m.string or m.fuzzy] == []
    wrong = [m.id for m in messages if sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert wrong == []


def test_every_marked_string_in_the_sources_is_in_the_catalog():
    """After new _() or N_() strings: run tools/update_catalogs.py and translate (docs/translations.md)."""
    found = {msg for _f, _l, msg, _c, _x in extract_from_dir(
        ROOT, [("subsidy_desk/**.py", "python")], keywords={"_": None, "N_": None})}
    assert len(found) > 100 and found - {m.id for m in catalog()} == set()


def test_the_committed_mo_is_compiled_from_the_current_po(tmp_path):
    fresh = io.BytesIO()
    write_mo(fresh, catalog())
    compiled = gettext.GNUTranslations(io.BytesIO(fresh.getvalue()))
    with MO.open("rb") as fh:
        committed = gettext.GNUTranslations(fh)
    assert committed._catalog == compiled._catalog  # noqa: SLF001 - the messages themselves are what matters


def test_switching_language_translates_and_chinese_is_the_source():
    assert i18n._("设置") == "设置"
    i18n.set_language("en")
    assert i18n.language() == "en" and i18n._("设置") == "Settings"
    assert i18n._("没有这条消息") == "没有这条消息"  # an unknown message falls back to Chinese
    i18n.set_language("zh_CN")
    assert i18n._("设置") == "设置"
    with pytest.raises(ValueError, match="不支持的语言"):
        i18n.set_language("fr")


def test_the_compiled_catalog_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["subsidy_desk._resources"]
    assert any(MO.relative_to(ROOT / "resources").match(p) for p in patterns)
