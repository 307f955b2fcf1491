"""The office and clerk names printed on worksheets: stored atomically, read forgivingly."""
import json

import pytest

from subsidy_desk.office import load_office, office_file, save_office


def test_not_set_is_blank():
    assert load_office() == {"name": "", "clerk": ""}


def test_round_trip(data_dir):
    save_office({"name": " 忻府区财政局 ", "clerk": "张三"})
    assert load_office() == {"name": "忻府区财政局", "clerk": "张三"}
    assert office_file() == data_dir / "office.json"
    assert json.loads(office_file().read_text(encoding="utf-8")) == {"name": "忻府区财政局", "clerk": "张三"}


@pytest.mark.parametrize("text", ["{broken", "[1, 2]", '{"name": 5, "clerk": "李四"}'])
def test_damaged_file_reads_as_blank_where_damaged(data_dir, text):
    office_file().write_text(text, encoding="utf-8")
    got = load_office()
    assert got["name"] == "" and got["clerk"] in ("", "李四")


@pytest.mark.parametrize("office,message", [({"nmae": "x"}, "未知的设置项：nmae"), ({"name": 5}, "name 应为文字")])
def test_refused(office, message):
    with pytest.raises(ValueError, match=message):
        save_office(office)
    assert not office_file().exists()
