"""Loading the rule set strictly: shipped rule files, the LPR table, and the county's override file.

Anything unexpected stops the load with the file, the key and the problem named: an auditor must be able to
trust that every value used was the one written down, with its date and its document.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import strict_json
from ..money import parse_decimal
from .lpr import LprRow, LprTable, parse_row, read_csv
from .model import REVIEW_MARKS, UNITS, Entry, Parameter, RuleError, RuleSet

RULES_FORMAT = "subsidy-desk/rules@1"
MANIFEST_FORMAT = "subsidy-desk/ruleset@1"
OVERRIDES_FORMAT = "subsidy-desk/overrides@1"
FILE_KEYS = {"format", "title", "parameters"}
PARAM_KEYS = {"label", "unit", "description", "choices", "values", "max", "shares"}
PARAM_REQUIRED = {"label", "unit", "values"}
VALUE_KEYS = {"from", "to", "value", "document", "clause", "confidence", "note"}
VALUE_REQUIRED = {"from", "value", "document", "confidence"}
OVERRIDE_KEYS = {"format", "county", "parameters", "lpr", "confirmed"}
CONFIRM_KEYS = {"key", "from", "document", "note", "date"}
OVERRIDE_VALUE_REQUIRED = {"from", "value", "document", "note"}
LPR_OVERRIDE_KEYS = {"date", "lpr_1y", "lpr_5y", "note"}


def _check_keys(where: str, key: str, got: dict, allowed: set[str], required: set[str]) -> None:
    if not isinstance(got, dict):
        raise RuleError(where, key, "应为对象（{...}）")
    unknown = sorted(set(got) - allowed)
    if unknown:
        raise RuleError(where, key, f"未知的键 {', '.join(unknown)}（允许：{', '.join(sorted(allowed))}）")
    missing = sorted(required - set(got))
    if missing:
        raise RuleError(where, key, f"缺少 {', '.join(missing)}")


def _date(where: str, key: str, text: object) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise RuleError(where, key, f"日期无效：{text}（应为 YYYY-MM-DD 的真实日期）") from None


def _typed(where: str, key: str, unit: str, choices: dict, raw: Any, most: Decimal | None = None) -> Any:
    if raw is None:
        return None
    if unit in ("CNY", "percent", "year", "person", "count"):
        if isinstance(raw, (float, Decimal)):  # a JSON number with a point or an exponent
            raise RuleError(where, key, "数值请写成字符串（如 \"1.50\"），以免二进制小数误差")
        try:
            value = parse_decimal(raw)
        except ValueError as exc:
            raise RuleError(where, key, f"单位为 {unit}，{exc}") from None
        if value < 0:
            raise RuleError(where, key, "不能为负数")
        if most is not None and value > most:
            raise RuleError(where, key, f"不能大于 {most}")
        return value
    if unit == "bool":
        if not isinstance(raw, bool):
            raise RuleError(where, key, f"单位为 bool，取值应为 true/false，实际为 {raw!r}")
        return raw
    if unit == "enum":
        if raw not in choices:
            raise RuleError(where, key, f"取值 {raw!r} 不在可选项 {', '.join(choices)} 中")
        return raw
    if unit == "list":
        if not isinstance(raw, list) or any(x not in choices for x in raw):
            raise RuleError(where, key, f"取值应为可选项 {', '.join(choices)} 组成的列表")
        return tuple(raw)
    raise AssertionError(unit)


def _series(where: str, key: str, unit: str, choices: dict, raw: Any, local: bool,
            most: Decimal | None = None) -> tuple[Entry, ...]:
    if not isinstance(raw, list) or not raw:
        raise RuleError(where, key, "values 应为至少一项的列表")
    entries = []
    for i, item in enumerate(raw):
        ref = f"{key}.values[{i}]"
        _check_keys(where, ref, item, VALUE_KEYS, OVERRIDE_VALUE_REQUIRED if local else VALUE_REQUIRED)
        start = _date(where, f"{ref}.from", item["from"])
        end = _date(where, f"{ref}.to", item["to"]) if item.get("to") is not None else None
        if end is not None and end < start:
            raise RuleError(where, ref, f"结束日 {end} 早于开始日 {start}")
        document = str(item["document"]).strip()
        if not document:
            raise RuleError(where, ref, "缺少文件依据（document）")
        confidence = "L" if local else item["confidence"]
        if local and item.get("confidence", "L") != "L":
            raise RuleError(where, ref, "本地调整的可信度标记固定为 L，不应另行填写")
        if confidence not in ("C", "S", "D", "L") or (confidence == "L" and not local):
            raise RuleError(where, ref, f"可信度标记 {confidence!r} 无效（应为 C、S 或 D）")
        if local and not str(item.get("note", "")).strip():
            raise RuleError(where, ref, "本地调整必须写明说明（note），例如本县文件名称")
        entries.append(Entry(start, end, _typed(where, ref, unit, choices, item["value"], most), document,
                             str(item.get("clause", "")), confidence, str(item.get("note", ""))))
    entries.sort(key=lambda e: e.start)
    closed = []
    for a, b in zip(entries, entries[1:]):
        if a.start == b.start or (a.end is not None and a.end >= b.start):
            raise RuleError(where, key, f"日期重叠：{a.start} 起的取值与 {b.start} 起的取值")
        closed.append(a if a.end is not None else replace(a, end=b.start - timedelta(days=1)))
    closed.append(entries[-1])
    return tuple(closed)


def _load_json(path: Path) -> Any:
    try:
        return strict_json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuleError(str(path), "-", "文件不存在") from None
    except UnicodeDecodeError as exc:
        raise RuleError(str(path), "-", f"不是有效的 JSON：{exc}") from None
    except strict_json.JsonRefused as exc:
        raise RuleError(str(path), "-", str(exc)) from None


def _parse_rule_file(path: Path, stem: str, data: Any) -> dict[str, Parameter]:
    where = str(path)
    _check_keys(where, "-", data, FILE_KEYS, FILE_KEYS)
    if data["format"] != RULES_FORMAT:
        raise RuleError(where, "format", f"应为 {RULES_FORMAT}")
    out = {}
    for name, spec in data["parameters"].items():
        key = f"{stem}.{name}"
        _check_keys(where, key, spec, PARAM_KEYS, PARAM_REQUIRED)
        unit = spec["unit"]
        if unit not in UNITS:
            raise RuleError(where, key, f"单位 {unit!r} 无效（应为 {', '.join(sorted(UNITS))}）")
        choices = spec.get("choices", {})
        if unit in ("enum", "list") and not choices:
            raise RuleError(where, key, f"单位为 {unit} 时必须给出 choices")
        most = _typed(where, f"{key}.max", unit, choices, spec["max"]) if "max" in spec else None
        out[key] = Parameter(key, spec["label"], unit, spec.get("description", ""), choices,
                             _series(where, key, unit, choices, spec["values"], local=False, most=most),
                             most=most, shares=spec.get("shares", ""))
    return out


def _apply_overrides(path: Path, data: Any, params: dict[str, Parameter], lpr_rows: list[LprRow]) -> None:
    where = str(path)
    _check_keys(where, "-", data, OVERRIDE_KEYS, {"format"})
    if data["format"] != OVERRIDES_FORMAT:
        raise RuleError(where, "format", f"应为 {OVERRIDES_FORMAT}")
    for key, raw in data.get("parameters", {}).items():
        if key not in params:
            raise RuleError(where, key, "没有这个政策参数")
        p = params[key]
        params[key] = replace(p, local=_series(where, key, p.unit, p.choices, raw, local=True, most=p.most))
    confirmed: dict[str, dict] = {}
    raw_confirmed = data.get("confirmed", [])
    if not isinstance(raw_confirmed, list):
        raise RuleError(where, "confirmed", "应为列表")
    for i, item in enumerate(raw_confirmed):
        ref = f"confirmed[{i}]"
        _check_keys(where, ref, item, CONFIRM_KEYS, {"key", "from", "document"})
        key = item["key"]
        if key not in params:
            raise RuleError(where, ref, f"没有这个政策参数：{key}")
        start = _date(where, f"{ref}.from", item["from"])
        entry = next((e for e in params[key].entries if e.start == start), None)
        if entry is None or entry.confidence not in REVIEW_MARKS:
            raise RuleError(where, ref, f"{key} 没有 {start} 起的 [S]/[D] 取值可确认")
        document = str(item["document"]).strip()
        if not document:
            raise RuleError(where, ref, "确认须写明本县文件（document）")
        confirmed.setdefault(key, {})[start] = document
    for key, starts in confirmed.items():
        params[key] = replace(params[key], confirmed=starts)
    shipped = {r.published for r in lpr_rows}
    for i, item in enumerate(data.get("lpr", [])):
        _check_keys(where, f"lpr[{i}]", item, LPR_OVERRIDE_KEYS, {"date", "lpr_1y", "lpr_5y"})
        published, one, five = parse_row(where, item["date"], item["lpr_1y"], item["lpr_5y"])
        if published in shipped:
            raise RuleError(where, f"lpr[{i}]", f"{published} 的 LPR 程序已自带，不能重复添加")
        lpr_rows.append(LprRow(published, one, five, local=True, note=str(item.get("note", ""))))


def load_rules(resources: Path | None = None, overrides: Path | None = None, office=None) -> RuleSet:
    """Load the shipped rules and, if the file exists, the county's overrides — or, with ``office`` (a published
    office rule set from the ledger: ``.version`` and ``.overrides``, the overrides file's text), the office's.

    The hash covers every byte that can change a figure: the manifest, each rule file, the LPR table and the
    override file (or text), so two results with the same hash were computed from the same rules.
    """
    from ..paths import overrides_file, resources_dir

    base = resources or resources_dir()
    rules_dir = base / "rules"
    manifest_path = rules_dir / "ruleset.json"
    manifest = _load_json(manifest_path)
    _check_keys(str(manifest_path), "-", manifest, {"format", "version", "files", "lpr"},
                {"format", "version", "files", "lpr"})
    if manifest["format"] != MANIFEST_FORMAT:
        raise RuleError(str(manifest_path), "format", f"应为 {MANIFEST_FORMAT}")
    digest = hashlib.sha256()
    digest.update(manifest_path.read_bytes())
    params: dict[str, Parameter] = {}
    for stem in manifest["files"]:
        path = rules_dir / f"{stem}.json"
        data = _load_json(path)
        digest.update(path.read_bytes())
        params.update(_parse_rule_file(path, stem, data))
    lpr_path = base / manifest["lpr"]
    try:
        lpr_text = lpr_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleError(str(lpr_path), "-", "文件不存在") from None
    digest.update(lpr_text.encode("utf-8"))
    lpr_rows = read_csv(lpr_text, str(lpr_path))
    used = None
    version = str(manifest["version"])
    if office is not None:  # the office's rules from the ledger, in place of this PC's own file
        where = f"本单位规则第 {office.version} 版"
        try:
            data = strict_json.loads(office.overrides)
        except strict_json.JsonRefused as exc:
            raise RuleError(where, "-", str(exc)) from None
        _apply_overrides(Path(where), data, params, lpr_rows)
        digest.update(office.overrides.encode("utf-8"))
        version = f"{version}+本单位{office.version}"
    else:
        over_path = overrides if overrides is not None else overrides_file()
        if over_path.is_file():
            data = _load_json(over_path)
            _apply_overrides(over_path, data, params, lpr_rows)
            digest.update(over_path.read_bytes())
            used = over_path
    _check_share_groups(params, str(used or rules_dir))
    return RuleSet(version, params, LprTable(lpr_rows, str(lpr_path)), "sha256:" + digest.hexdigest(), used)


def _check_share_groups(params: dict[str, Parameter], where: str) -> None:
    """Shares of one payment (中央/省/市/县) must add up to 100% on every date any of them changes."""
    groups: dict[str, list[Parameter]] = {}
    for p in params.values():
        if p.shares:
            groups.setdefault(p.shares, []).append(p)
    for members in groups.values():
        days = sorted({e.start for p in members for e in (*p.entries, *p.local)})
        for day in days:
            found = [p.entry_at(day) for p in members]
            if any(f is None or f[0].value is None for f in found):
                continue
            total = sum(f[0].value for f in found)
            if total != 100:
                keys = "、".join(p.key for p in members)
                raise RuleError(where, keys, f"{day} 起各项分担比例合计为 {total}%，应为 100%")


def save_overrides(path: Path, data: dict) -> None:
    """Write an override file atomically after checking it loads; a bad edit never replaces a good file."""
    import os

    from ..files import write_json_atomic

    shipped = load_rules(overrides=Path(os.devnull))
    _apply_overrides(path, data, dict(shipped.parameters), list(shipped.lpr_table.rows))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(path, data)
