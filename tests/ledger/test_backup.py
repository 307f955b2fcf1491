"""Backup of the whole ledger to one file, restored into an empty database identical (also across databases)."""
from datetime import date
from decimal import Decimal

import pytest

from subsidy_desk.ledger import Ledger, LedgerError
from subsidy_desk.ledger.backup import dump

from .conftest import BACKENDS, Staff, new_url


def fill(staff, case_of):
    paid = staff["li"].add(case_of("startup_loan"))
    staff["wang"].approve(paid)
    staff["zhao"].pay(paid, date.today(), Decimal("28366.67"), "P-1")
    returned = staff["li"].add(case_of("guarantee_fee"))
    staff["wang"].send_back(returned, "合同未盖章")
    staff["li"].recompute(returned, case_of("guarantee_fee", amount="800000.00"))
    staff["li"].add(case_of("six_taxes"), draft=True)


@pytest.mark.parametrize("target", BACKENDS)
def test_a_restored_ledger_is_identical_and_goes_on(staff, case_of, tmp_path, target):
    fill(staff, case_of)
    original = dump(staff.owner.engine)
    staff.owner.backup(tmp_path / "backup.json")
    for url in new_url(target, tmp_path, "restored"):
        with Ledger(url, None if url.startswith("postgresql") else "admin") as empty:
            counts = empty.restore(tmp_path / "backup.json")
            assert counts == {"cases": 3, "case_versions": 4, "users": 5, "payments": 1, "office_rules": 0,
                              "history": 12}
            assert dump(empty.engine)["tables"] == original["tables"]
        if url.startswith("postgresql") != staff.pg:
            continue  # the clerks' names differ between the databases (logins on PostgreSQL); identical is enough
        restored = Staff(url)  # the same clerks again (their grants are already there)
        try:
            assert [e.status for e in restored["li"].entries()] == ["已拨付", "已计算", "草稿"]
            new_id = restored["li"].add(case_of("guarantee_fee", contract_no="DB-NEW"))
            assert new_id == 4
            assert restored["li"].history(new_id)[0].id > 12  # numbering goes on after the restored rows
        finally:
            restored.close()


def test_restore_refuses_a_ledger_that_is_not_empty(staff, case_of, tmp_path):
    fill(staff, case_of)
    staff.owner.backup(tmp_path / "backup.json")
    before = dump(staff.owner.engine)
    with pytest.raises(LedgerError, match="只能恢复到空的台账"):
        staff.owner.restore(tmp_path / "backup.json")
    assert dump(staff.owner.engine) == before


def test_restore_refuses_a_file_that_is_not_a_backup(staff, tmp_path):
    (tmp_path / "x.json").write_text('{"format": "subsidy-desk/case@1"}', encoding="utf-8")
    with pytest.raises(LedgerError, match="不是台账备份文件"):
        staff.owner.restore(tmp_path / "x.json")
