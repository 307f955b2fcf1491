"""The one case format: what the window saves, the command line computes, batch rows become and the ledger keeps.

    {"format": "subsidy-desk/case@2", "kind": <a kind of measures/registry.py>,
     "applicant": {...}, "inputs": {...}, "claim": {...}, "title": "", "notes": "", "computed": {...}}

Amounts and rates are decimal strings (numbers are accepted), dates ISO. ``computed`` records the total and the
rule set a case was last computed with, so that reopening it after the rules changed can show both figures.
``claim`` (optional) is what the bank, agency or enterprise asks for (claimed.py): checked against, never computed
from.

Files of an earlier format version are read with the meaning they were written with: a measure lists, in
``Measure.format_defaults``, the inputs an older version implied (case@1 guarantee periods did not count the end
day), and
the case is written back in the current version with that convention spelled out.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import applicant, claimed, strict_json
from .fields import FieldError, InputError, check_text, dump_value, parse_fields
from .files import write_json_atomic
from .measures.registry import measure as measure_of, measures

FORMAT = "subsidy-desk/case@2"
READABLE_FORMATS = (FORMAT, "subsidy-desk/case@1")
TOP_KEYS = ("format", "kind", "applicant", "inputs", "claim", "title", "notes", "computed")
_TOP_KEYS = frozenset(TOP_KEYS)


@dataclass(slots=True)
class Case:
    kind: str
    applicant: dict[str, Any]
    inputs: dict[str, Any]
    title: str = ""
    notes: str = ""
    computed: dict | None = None
    claim: dict | None = None  # what is asked for (claimed.py); None when nobody stated a figure

    def to_json(self) -> dict:
        data: dict[str, Any] = {"format": FORMAT, "kind": self.kind, "applicant": dump_value(self.applicant),
                                "inputs": dump_value(self.inputs)}
        if self.claim:
            data["claim"] = dump_value(self.claim)
        if self.title:
            data["title"] = self.title
        if self.notes:
            data["notes"] = self.notes
        if self.computed:
            data["computed"] = self.computed
        return data


NOT_A_CASE = "这不是本程序的案例文件：请打开用本程序“保存”或“另存为”得到的 .json 文件"
NEWER_CASE = "这个案例文件由更新版本的程序保存（{format}），请升级本程序后再打开"


def parse_case(data: Any) -> Case:
    """Read a case from its JSON form; raise InputError listing every bad field, each named.

    Anything that is not a case of ours (another program's JSON, a newer format) is one sentence saying so, not a
    list of every key it lacks.
    """
    errors: list[FieldError] = []
    fmt = data.get("format") if isinstance(data, dict) and isinstance(data.get("format"), str) else None
    if fmt not in READABLE_FORMATS:  # not a dict, or a list or object where the format goes, is no case of ours
        shown = data.get("format") if isinstance(data, dict) else None
        if isinstance(shown, str) and shown.startswith(FORMAT.split("@")[0] + "@"):
            raise InputError([FieldError("format", NEWER_CASE.format(format=shown))])
        raise InputError([FieldError("format", NOT_A_CASE)])
    if not _TOP_KEYS.issuperset(data):
        for key in data:
            if key not in _TOP_KEYS:
                errors.append(FieldError(key, "未知字段（请检查拼写）"))
    kind = data.get("kind")
    known = measures()
    measure = known.get(kind) if isinstance(kind, str) else None
    if measure is None:
        errors.append(FieldError("kind", f"未知的类型 {kind!r}，应为 {'、'.join(known)}"))
        raise InputError(errors)
    appl = parse_fields(applicant.FIELDS, data.get("applicant", {}), "applicant", errors)
    code = appl.get("credit_code")
    if code:
        problem = applicant.credit_code_problem(code)
        if problem:
            errors.append(FieldError("applicant.credit_code", problem))
        else:
            appl["credit_code"] = code.upper()
    raw_inputs = data.get("inputs", {})
    implied = measure.format_defaults.get(fmt, {})
    if implied and isinstance(raw_inputs, dict):
        raw_inputs = {**implied, **raw_inputs}
    inputs = parse_fields(measure.fields, raw_inputs, "inputs", errors)
    if not errors:
        errors.extend(measure.check(inputs))
    claim = claimed.parse_claim(data.get("claim"), measure.columns, errors)
    for key in ("title", "notes"):
        if key in data:  # a case without them has nothing to check
            try:
                check_text(data[key])
            except ValueError as exc:
                errors.append(FieldError(key, str(exc)))
    computed = data.get("computed")
    if computed is not None:
        try:
            computed = _stamp(computed)
        except ValueError as exc:
            errors.append(FieldError("computed", str(exc)))
    if errors:
        raise InputError(errors)
    return Case(kind, appl, inputs, data.get("title", ""), data.get("notes", ""), computed, claim)


def _stamp(value: Any, depth: int = 0) -> Any:
    """The ``computed`` record as plain JSON (numbers read as Decimal written back as text), a few levels deep."""
    if depth == 0 and not isinstance(value, dict):
        raise ValueError("应为对象")
    if depth > 4:
        raise ValueError("结构层数过多，不是本程序写出的记录")
    if isinstance(value, dict):
        return {str(k): _stamp(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_stamp(v, depth + 1) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return check_text(value)
    return value


def read_case(path: Path) -> Case:
    """Read and parse a case file; every problem is an InputError in words (the file's name as its field)."""
    from .files import reason

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([FieldError(str(path), "文件不存在")]) from None
    except UnicodeDecodeError:
        raise InputError([FieldError(str(path), NOT_A_CASE)]) from None
    except OSError as exc:
        raise InputError([FieldError(str(path), f"无法读取（{reason(exc)}）")]) from None
    try:
        data = strict_json.loads(text)
    except strict_json.JsonRefused as exc:  # not JSON at all is not a case; JSON we refuse says why
        raise InputError([FieldError(str(path), NOT_A_CASE if exc.malformed else str(exc))]) from None
    try:
        return parse_case(data)
    except InputError as exc:
        if [e.field for e in exc.errors] == ["format"]:  # the file itself is the problem: name it
            raise InputError([FieldError(str(path), exc.errors[0].message)]) from None
        raise


def write_case(case: Case, path: Path) -> None:
    write_json_atomic(path, case.to_json())


def stamp(result) -> dict:
    """``computed`` of a saved case: the total, the rule set, when, and every rule value used (key, value, from),
    so that reopening it after the rules changed can show both figures and name each value that differs."""
    from datetime import datetime

    return {
        "total": str(result.total),
        "rule_set": result.rule_set,
        "computed_at": datetime.now().isoformat(timespec="seconds"),
        "rules_used": [{"key": r.key, "label": r.label, "value": r.to_json()["value"], "shown": r.shown(),
                        "from": r.start.isoformat(), "source": r.source, "overridden": r.overridden}
                       for r in result.rules_used],
    }


def compute(case: Case, rules):
    """Compute a parsed case under a rule set; the one entry point for the window, the CLI, batch and the ledger.

    A date the rules do not cover, or a period that straddles a change of rules, is the input's fault: it comes
    back as an InputError on the field the rules are read by.
    """
    measure = measure_of(case.kind)
    try:
        return measure.compute(case.inputs, case.applicant, rules)
    except Exception as exc:
        from .rules.model import OutOfRange, StraddlesChange  # here, not on every case computed

        if isinstance(exc, (OutOfRange, StraddlesChange)):
            raise InputError([FieldError(f"inputs.{measure.as_of_field}", str(exc))]) from None
        raise


@contextmanager
def paused_gc():
    """The cyclic garbage collector paused for work on many cases: cases, rows and results hold no reference
    cycles, and with thousands of them alive (or merely made and sent to another process) it would spend a tenth to
    a half of the time re-scanning them. Reference counting frees them as before."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute_all(cases: list[Case], rules, progress=None) -> list:
    """Compute many cases in order, the collector paused (``paused_gc``): a result, or the InputError that case
    raised, for each. ``progress(done, total)`` is called as it goes and may return False to cancel (the results
    so far are returned)."""
    from .fields import InputError

    out: list = []
    with paused_gc():
        for i, case in enumerate(cases, start=1):
            try:
                out.append(compute(case, rules))
            except InputError as exc:
                out.append(exc)
            if progress is not None and i % 100 == 0 and progress(i, len(cases)) is False:
                break
    if progress is not None and len(out) == len(cases):
        progress(len(cases), len(cases))
    return out
