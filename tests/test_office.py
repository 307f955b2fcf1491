"""The office's details survive a restart and a damaged file never stops the program."""
from subsidy_desk.office import load_office, save_office


def test_empty_until_saved():
    assert load_office() == {"name": "", "clerk": ""}


def test_round_trip_trims_and_keeps_only_known_keys(data_dir):
    save_office({"name": " 忻府区财政局 ", "clerk": "王敏", "extra": 1})
    assert load_office() == {"name": "忻府区财政局", "clerk": "王敏"}
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".")]  # no temp file left behind


def test_first_save_creates_the_data_folder(data_dir, monkeypatch):
    monkeypatch.setenv("SUBSIDY_DESK_DATA_DIR", str(data_dir / "new" / "folder"))
    save_office({"name": "代县财政局", "clerk": "李强"})
    assert load_office()["name"] == "代县财政局"


def test_damaged_file_reads_as_empty(data_dir):
    (data_dir / "office.json").write_text("{not json", encoding="utf-8")
    assert load_office() == {"name": "", "clerk": ""}
    (data_dir / "office.json").write_text("[1, 2]", encoding="utf-8")
    assert load_office() == {"name": "", "clerk": ""}
