"""The applicant block every case carries, and the checks a clerk would otherwise do by eye."""
from __future__ import annotations

from .fields import Field
from .i18n import N_

# Xinzhou's counties, cities and districts (docs/case-format.md, applicant).
COUNTIES = ("忻府区", "原平市", "定襄县", "五台县", "代县", "繁峙县", "宁武县", "静乐县", "神池县", "五寨县",
            "岢岚县", "河曲县", "保德县", "偏关县", "忻州经济开发区", "五台山风景名胜区")

# GB 32100-2015: 统一社会信用代码 uses these 31 characters (no I, O, Z, S, V); the 18th is a check character.
_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is not valid, or None when it is (length, characters and GB 32100 check character)."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = [c for c in code if c not in _CHARSET]
    if bad:
        return f"含有不允许的字符 {''.join(dict.fromkeys(bad))}（代码不使用 I、O、Z、S、V）"
    total = sum(_CHARSET.index(c) * w for c, w in zip(code[:17], _WEIGHTS))
    expected = _CHARSET[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"校验位错误（按 GB 32100-2015 应为 {expected}），请核对是否抄错"
    return None


FIELDS = (
    Field("name", N_("申请人名称"), "text", help=N_("企业名称或个人姓名")),
    Field("credit_code", N_("统一社会信用代码"), "text",
          help=N_("18 位，按 GB 32100-2015 校验；个人借款人可不填")),
    Field("county", N_("所属县（市、区）"), "choice", choices={c: c for c in COUNTIES}),
    Field("contact", N_("联系人及电话"), "text"),
)
