"""Two clerks' PCs on one ledger, each a process of its own with its own local rule values: before the office
publishes its rules they compute the same loan and guarantee to different totals; after one publication every
example comes out the same on both, with the office's figures."""
import json
import os
import subprocess
import sys
from pathlib import Path

from .test_office_rules import LOWER

WORKER = Path(__file__).with_name("pc_worker.py")
SPREAD = {"from": "2020-01-01", "document": "某县财〔2022〕3号", "note": "本县合同利率上限"}


def pc(tmp_path: Path, name: str, parameters: dict) -> dict:
    """A PC's data folder with its own overrides.json."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "overrides.json").write_text(json.dumps(
        {"format": "subsidy-desk/overrides@1", "parameters": parameters}, ensure_ascii=False), encoding="utf-8")
    return {**os.environ, "SUBSIDY_DESK_DATA_DIR": str(folder)}


def totals(env: dict, url: str, user: str) -> dict:
    done = subprocess.run([sys.executable, str(WORKER), url, user], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_pcs_compute_every_example_alike_after_one_publish(staff, tmp_path):
    rate = LOWER["parameters"]["guarantee_fee.subsidy_rate"][0]
    first = pc(tmp_path, "pc1", {"startup_loan.rate_cap_spread": [{**SPREAD, "value": "1.00"}],
                                 "guarantee_fee.subsidy_rate": [{**rate, "value": "0.3"}]})
    second = pc(tmp_path, "pc2", {})
    clerks = [(first, "li"), (second, "chen")]
    before = [totals(env, staff.url_for(who), "-" if staff.pg else who) for env, who in clerks]
    assert before[0]["startup_loan"][0] != before[1]["startup_loan"][0]
    assert before[0]["guarantee_fee"][0] != before[1]["guarantee_fee"][0]

    office = staff["wang"].publish_rules({**LOWER, "parameters": {
        **LOWER["parameters"], "startup_loan.rate_cap_spread": [{**SPREAD, "value": "2.00"}]}},
        "忻府区财政局〔2022〕7号", "担保费补贴比例与利率上限")
    after = [totals(env, staff.url_for(who), "-" if staff.pg else who) for env, who in clerks]
    assert after[0] == after[1]
    assert {hash_ for _total, hash_ in after[0].values()} == {office.rules_hash}
    assert after[0]["guarantee_fee"][0] == "1972.60"  # the office's 0.4%, neither PC's own value
    assert (before[0]["startup_loan"][0], after[0]["startup_loan"][0]) == ("0.00", "28366.67")  # 5.20% under the cap
    assert after[0]["six_taxes"] == [before[1]["six_taxes"][0], office.rules_hash]
