"""A read-only file is never replaced without a word: the window asks (issue 14, point 6)."""
import stat

from PySide6.QtWidgets import QMessageBox

from .test_worksheets import load


def _read_only(path):
    path.write_bytes(b"the old file")
    path.chmod(0o444)
    return path


def test_exporting_over_a_read_only_workbook_asks_first(window, tmp_path, monkeypatch):
    load(window, "startup_loan")
    target = _read_only(tmp_path / "loan.xlsx")
    asked = []

    def answer(reply):
        def question(parent, title, text, *rest):
            asked.append(text)
            return reply
        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert not window.export_to(target, ask_open=False)
    assert target.read_bytes() == b"the old file" and "是只读文件" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert window.export_to(target, ask_open=False)
    assert target.read_bytes()[:2] == b"PK" and not target.stat().st_mode & stat.S_IWUSR
    assert len(asked) == 2


def test_saving_a_case_over_a_read_only_file_asks_first(window, tmp_path, monkeypatch):
    page = load(window, "guarantee_fee")
    target = _read_only(tmp_path / "case.json")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not window.save_page(page, target)
    assert target.read_bytes() == b"the old file"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.save_page(page, target)
    assert b"guarantee_fee" in target.read_bytes()
