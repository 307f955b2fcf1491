"""What changed in the rules since a saved case was computed (its ``computed`` stamp, made by case.stamp).

A figure may already have been paid: reopening a case after the rules changed must show the old and the new total
side by side and name each rule value that differs, never silently replace the number.
"""
from __future__ import annotations

import json
from datetime import date
from html import escape

from ..format import fmt_amount, fmt_date
from ..i18n import _
from ..money import parse_decimal


def _as_json(value):
    """A value as it reads back from a saved case: the current rule set holds lists as tuples, the file as lists,
    and the two must compare equal when the value did not change."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _since(start) -> str:
    """The saved "from" date as the current one is shown (2022年6月21日起); an unreadable one as it was saved."""
    try:
        return fmt_date(date.fromisoformat(str(start))) + "起"
    except ValueError:
        return f"{start}起"


def differences(computed: dict, result) -> list[tuple[str, str, str]]:
    """(label, then, now) for each rule value that differs between the saved stamp and the new result."""
    then = {r.get("key"): r for r in computed.get("rules_used", []) if isinstance(r, dict)}
    now = {r.key: r for r in result.rules_used}
    out = []
    for key in dict.fromkeys([*then, *now]):
        old, new = then.get(key), now.get(key)
        if old and new:
            if (_as_json(old.get("value")), old.get("from")) != (_as_json(new.to_json()["value"]),
                                                                   new.start.isoformat()):
                out.append((new.label, f"{old.get('shown')}（{_since(old.get('from'))}）", f"{new.shown()}（{new.period}）"))
        elif old:
            out.append((old.get("label", key), str(old.get("shown")), _("本次未使用")))
        else:
            out.append((new.label, _("当时未使用"), new.shown()))
    return out


def notice_html(computed: dict | None, result) -> str | None:
    """The banner for a reopened case, or None when it was computed with the same rules (or never)."""
    if not computed or not isinstance(computed.get("rule_set"), dict) or result is None:
        return None
    old_set = computed["rule_set"]
    if old_set.get("hash") == result.rule_set.get("hash"):
        return None
    try:
        old_total = fmt_amount(parse_decimal(computed.get("total")))
    except ValueError:
        old_total = str(computed.get("total"))
    lines = [_("<b>政策参数已变化</b>：此案例保存时按规则集 {old}（{when}）算得 <b>{old_total}</b> 元；"
               "按当前规则集 {new} 算得 <b>{new_total}</b> 元。").format(
        old=escape(str(old_set.get("version"))), when=escape(str(computed.get("computed_at", ""))),
        old_total=old_total, new=escape(str(result.rule_set.get("version"))), new_total=fmt_amount(result.total))]
    diffs = differences(computed, result)
    if diffs:
        lines.append(_("不同的规则值：") + "<br>".join(
            f"· {escape(label)}：{escape(then)} → {escape(now)}" for label, then, now in diffs))
    elif "rules_used" not in computed:
        lines.append(_("保存的案例未记录所用规则值，无法逐项比较。"))
    else:
        lines.append(_("本案例用到的规则值没有变化（变化的是其他参数）。"))
    lines.append(_("如已按原金额发放，请核对后再决定是否以新金额保存。"))
    return "<br>".join(lines)
