"""Translations of the interface: gettext catalogs managed with babel (pybabel extract/update/compile).

Chinese is the source language and the default, so a missing catalog or message always falls back to Chinese.
Catalogs live in ``resources/i18n/<lang>/LC_MESSAGES/subsidy_desk.mo``. Plain Python, so worksheets and the
command line can use it without Qt.
"""
from __future__ import annotations

import gettext

DOMAIN = "subsidy_desk"
DEFAULT = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}

_state = {"lang": DEFAULT, "catalog": gettext.NullTranslations()}


def set_language(lang: str) -> None:
    """Switch the interface language; an unknown language is refused rather than half-applied."""
    if lang not in LANGUAGES:
        raise ValueError(f"不支持的语言：{lang}（可选：{'、'.join(LANGUAGES)}）")
    from .paths import resources_dir

    catalog = gettext.NullTranslations()
    if lang != DEFAULT:
        catalog = gettext.translation(DOMAIN, resources_dir() / "i18n", languages=[lang], fallback=True)
    _state.update(lang=lang, catalog=catalog)


def language() -> str:
    return _state["lang"]


def _(message: str) -> str:
    return _state["catalog"].gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it with ``_`` where it is shown."""
    return message
