"""The county's pending rule changes while the settings dialog is open: LPR months and local rule values.

Edits are checked the way the core will read them (by loading the rule set with the pending overrides), so what the
dialog shows is exactly what the next calculation uses, and nothing reaches the user's file before 保存. Qt-free:
the dialog only turns these checks into widgets and messages.
"""
from __future__ import annotations

import copy
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..format import fmt_date
from ..i18n import _
from ..money import parse_decimal, parse_percent
from ..rules.load import OVERRIDES_FORMAT, load_rules, save_overrides
from ..rules.model import NUMERIC_UNITS, Parameter, RuleError, RuleSet

EDITABLE_MARKS = ("S", "D")
LPR_MAX = Decimal("20")
LPR_LOW = Decimal("1")


class EditRefused(ValueError):
    """An edit that cannot be made; ``field`` names the input the message is about (for focusing it)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class LprMonth:
    """One month as typed, checked; ``warnings`` need the clerk's confirmation before it is added."""

    published: date
    lpr_1y: Decimal
    lpr_5y: Decimal
    note: str
    warnings: tuple[str, ...]


def _empty() -> dict:
    return {"format": OVERRIDES_FORMAT, "parameters": {}, "lpr": []}


def _load(data: dict) -> RuleSet:
    """The rule set the core would build from ``data``: the only trustworthy check of an edit."""
    with tempfile.TemporaryDirectory(prefix="subsidy-desk-") as folder:
        path = Path(folder) / "overrides.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return load_rules(overrides=path)


def _month(day: date) -> str:
    return _("{year}年{month}月").format(year=day.year, month=day.month)


class LocalRules:
    """The override file being edited: load, change, check, save."""

    def __init__(self, path: Path):
        self.path = path
        self.problem = ""  # why the existing file could not be used, shown to the clerk
        self.dirty = False
        self.data = _empty()
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                _load(data)
            except (RuleError, ValueError, UnicodeDecodeError) as exc:
                self.problem = str(exc)
            else:
                self.data = {**_empty(), **data}
        self.shipped = load_rules(overrides=Path(os.devnull))
        self.rules = _load(self.data)

    # -- LPR ---------------------------------------------------------------------------------------------

    @property
    def newest_shipped(self) -> date:
        return self.shipped.lpr_table.rows[-1].published

    def check_lpr(self, day: date, one: str, five: str, note: str = "", today: date | None = None) -> LprMonth:
        """Check a month as the clerk typed it; raise EditRefused naming the field, or return it with warnings."""
        today = today or date.today()
        if day <= self.newest_shipped:
            raise EditRefused("date", _("公布日期必须晚于程序自带的最新一期（{date}）；之前各月已随程序提供，不能修改。")
                              .format(date=fmt_date(self.newest_shipped)))
        if day > today:
            raise EditRefused("date", _("公布日期不能晚于今天（{date}）。").format(date=fmt_date(today)))
        for row in self.rules.lpr_table.rows:
            if (row.published.year, row.published.month) == (day.year, day.month):
                raise EditRefused("date", _("{month}的 LPR 已经有了（{date}公布）；如需更正，请先删除该月。")
                                  .format(month=_month(day), date=fmt_date(row.published)))
        rates = []
        for field, label, text in (("lpr_1y", _("1年期 LPR"), one), ("lpr_5y", _("5年期以上 LPR"), five)):
            if not str(text).strip():
                raise EditRefused(field, _("请填写{label}（百分数，如 3.00）。").format(label=label))
            try:
                rate = parse_percent(text)
            except ValueError:
                raise EditRefused(field, _("{label}不是数字：{text}（按百分数填写，如 3.00）。")
                                  .format(label=label, text=text)) from None
            if not Decimal(0) < rate < LPR_MAX:
                raise EditRefused(field, _("{label} {rate}% 不合理：应大于 0、小于 20（按百分数填写，如 3.00）。")
                                  .format(label=label, rate=rate))
            if -rate.normalize().as_tuple().exponent > 2:
                raise EditRefused(field, _("{label}最多两位小数（LPR 按 0.01 个百分点公布，如 3.45）。")
                                  .format(label=label))
            rates.append(rate)
        warnings = []
        for label, rate in ((_("1年期 LPR"), rates[0]), (_("5年期以上 LPR"), rates[1])):
            if rate < LPR_LOW:
                warnings.append(_("{label}只有 {rate}%，是否把百分数写成了小数？").format(label=label, rate=rate))
        if rates[1] < rates[0]:
            warnings.append(_("5年期以上 LPR 低于 1年期 LPR，与通常情况不符，请核对公告。"))
        before = [r.published for r in self.rules.lpr_table.rows if r.published < day]
        if before and (day.year * 12 + day.month) - (before[-1].year * 12 + before[-1].month) > 1:
            warnings.append(_("{last}之后、{month}之前缺少 LPR；缺少的月份会沿用之前一期的利率，请确认没有漏填。")
                            .format(last=_month(before[-1]), month=_month(day)))
        return LprMonth(day, rates[0], rates[1], note.strip(), tuple(warnings))

    def add_lpr(self, month: LprMonth) -> None:
        item = {"date": month.published.isoformat(), "lpr_1y": f"{month.lpr_1y:.2f}", "lpr_5y": f"{month.lpr_5y:.2f}"}
        if month.note:
            item["note"] = month.note
        data = copy.deepcopy(self.data)
        data["lpr"] = sorted(data.get("lpr", []) + [item], key=lambda i: i["date"])
        self._apply(data, "date")

    def remove_lpr(self, day: date) -> None:
        data = copy.deepcopy(self.data)
        data["lpr"] = [i for i in data.get("lpr", []) if i["date"] != day.isoformat()]
        self._apply(data, "date")

    # -- rule values -------------------------------------------------------------------------------------

    def editable(self, key: str) -> str:
        """Why a parameter may not be set locally ("" when it may): only values from secondary sources or
        this program's defaults are a county's to decide; the official text [C] is not."""
        param = self.shipped.parameters[key]
        if all(e.confidence not in EDITABLE_MARKS for e in param.entries):
            return _("「{label}」依据官方文件 [C]，不能在本地修改。").format(label=param.label)
        return ""

    def set_value(self, key: str, start: date, value: Any, document: str, note: str) -> None:
        """Add (or replace, for the same start date) a local value from ``start`` on."""
        param = self.shipped.parameters[key]
        refused = self.editable(key)
        if refused:
            raise EditRefused("value", refused)
        first = param.entries[0].start
        if start < first:
            raise EditRefused("from", _("生效日期不能早于该参数的政策起始日（{date}）。").format(date=fmt_date(first)))
        official = [e for e in param.entries if e.confidence == "C" and (e.end is None or e.end >= start)]
        if official:
            raise EditRefused("from", _("{date}起该参数依据官方文件 [C]，本地取值只能在此之前生效。")
                              .format(date=fmt_date(official[0].start)))
        if not document.strip():
            raise EditRefused("document", _("请填写本地文件（文号），例如：某县财〔2023〕1号。"))
        if not note.strip():
            raise EditRefused("note", _("请填写说明：本县为什么、依据什么改这个值。"))
        raw = self._raw_value(param, value)
        item = {"from": start.isoformat(), "value": raw, "document": document.strip(), "note": note.strip()}
        data = copy.deepcopy(self.data)
        entries = [e for e in data["parameters"].get(key, []) if e["from"] != item["from"]]
        data["parameters"][key] = sorted(entries + [item], key=lambda e: e["from"])
        self._apply(data, "value")

    def reset(self, key: str) -> None:
        """Back to the shipped values: drop every local value of the parameter."""
        data = copy.deepcopy(self.data)
        data["parameters"].pop(key, None)
        self._apply(data, "value")

    def is_local(self, key: str) -> bool:
        return bool(self.rules.parameters[key].local)

    @staticmethod
    def _raw_value(param: Parameter, value: Any) -> Any:
        """The value as the override file writes it; numbers as exact strings in the parameter's unit."""
        if param.unit in NUMERIC_UNITS:
            try:
                number = parse_percent(value) if param.unit == "percent" else parse_decimal(value)
            except ValueError:
                raise EditRefused("value", _("取值不是数字：{text}").format(text=value)) from None
            if number < 0:
                raise EditRefused("value", _("取值不能为负数。"))
            if param.unit in ("person", "count") and number != number.to_integral_value():
                raise EditRefused("value", _("取值应为整数。"))
            return str(number)
        if param.unit == "bool":
            return bool(value)
        if param.unit == "enum":
            if value not in param.choices:
                raise EditRefused("value", _("请选择一个取值。"))
            return value
        return [v for v in param.choices if v in set(value)]  # list: keep the choices' order

    # -- confirming the county's readings (本县参数确认) ---------------------------------------------------

    def confirm(self, values: list, document: str, note: str, today: date | None = None) -> None:
        """Confirm shipped [S]/[D] values as this county's reading, citing the county's own document."""
        if not document.strip():
            raise EditRefused("document", _("请填写本县确认所依据的文件（文号），例如：某县财〔2023〕1号。"))
        day = (today or date.today()).isoformat()
        data = copy.deepcopy(self.data)
        keep = [c for c in data.get("confirmed", []) if (c["key"], c["from"]) not in
                {(v.key, v.start.isoformat()) for v in values}]
        added = [{"key": v.key, "from": v.start.isoformat(), "document": document.strip(), "date": day,
                  **({"note": note.strip()} if note.strip() else {})} for v in values]
        data["confirmed"] = keep + added
        self._apply(data, "document")

    def unconfirm(self, values: list) -> None:
        data = copy.deepcopy(self.data)
        drop = {(v.key, v.start.isoformat()) for v in values}
        data["confirmed"] = [c for c in data.get("confirmed", []) if (c["key"], c["from"]) not in drop]
        if not data["confirmed"]:
            del data["confirmed"]
        self._apply(data, "document")

    def start_from(self, data: dict) -> None:
        """Edit from another rule set (the office's version in force): its values replace the pending ones, checked
        like every edit; saved only on 保存."""
        self._apply({**_empty(), **copy.deepcopy(data)}, "value")

    # -- applying and saving -----------------------------------------------------------------------------

    def _apply(self, data: dict, field: str) -> None:
        try:
            rules = _load(data)
        except RuleError as exc:
            raise EditRefused(field, exc.problem) from None
        self.data, self.rules, self.dirty = data, rules, True

    def save(self) -> None:
        """Write the file atomically (checked again by the core); a broken old file is kept aside, not lost."""
        if self.problem and self.path.is_file():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            self.path.replace(self.path.with_name(f"overrides-broken-{stamp}.json"))
        if self.data.get("parameters") or self.data.get("lpr") or self.data.get("confirmed"):
            save_overrides(self.path, self.data)
        else:  # nothing local left: no file, so the rule-set hash is the shipped one again
            self.path.unlink(missing_ok=True)
        self.problem, self.dirty = "", False
