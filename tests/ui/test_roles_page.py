"""设置 → 人员与角色: a new office set up from the window (reviewer first), roles granted and 停用 by a 审核."""
import pytest

from subsidy_desk.ledger import Ledger


@pytest.fixture
def page_for(qtbot, tmp_path):
    from subsidy_desk.ui.roles_page import RolesPage

    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"

    def page_for(user):
        page = RolesPage(ledger_opener=lambda: Ledger(url, user))
        qtbot.addWidget(page)
        page.resize(900, 500)
        page.show()
        qtbot.waitExposed(page)
        return page

    yield page_for


def test_a_three_person_office_is_set_up_from_the_window(page_for):
    page = page_for("王审核")
    assert page.setup_box.isVisible() and page.reviewer.text() == "王审核"  # who opens a new ledger is offered
    assert not page.grant_button.isEnabled()
    page.clerk.setText("李敏")
    page.payer.setText("赵财务")
    page.setup_button.click()
    assert page.ledger.users() == {"王审核": {"审核"}, "李敏": {"经办"}, "赵财务": {"财务"}}
    assert not page.setup_box.isVisible() and page.grant_button.isEnabled() and "台账已建立" in page.message.text()
    assert page.model.rowCount() == 3 and "（审核）" in page.intro.text()
    page.close_ledger()


def test_the_first_grant_in_the_window_must_be_a_reviewer(page_for):
    page = page_for("李敏")
    page.reviewer.setText("")
    page.setup_button.click()
    assert "请填写审核人员" in page.message.text() and page.ledger.is_new()
    page.close_ledger()


def test_a_reviewer_grants_and_stops_roles_with_history(page_for):
    page = page_for("王审核")
    page.clerk.setText("李敏")
    page.setup_button.click()
    page.name.setText("孙新")
    page.role.setCurrentIndex(1)  # 经办
    page.grant_button.click()
    assert page.ledger.roles("孙新") == {"经办"}
    row = [page.model.grant(r).name for r in range(page.model.rowCount())].index("李敏")
    page.table.selectRow(row)
    page.revoke_button.click()
    assert page.ledger.roles("李敏") == set() and "已停用 李敏" in page.message.text()
    assert page.model.data(page.model.index(row, 4)).startswith("已停用（王审核，")
    assert page.ledger.history()[-1].action == "停用"
    page.table.selectRow([page.model.grant(r).name for r in range(page.model.rowCount())].index("王审核"))
    page.revoke_button.click()
    assert "不能停用自己" in page.message.text()
    page.close_ledger()


def test_a_clerk_without_the_reviewer_role_can_only_look(page_for):
    setup = page_for("王审核")
    setup.clerk.setText("李敏")
    setup.setup_button.click()
    setup.close_ledger()
    page = page_for("李敏")
    assert not page.setup_box.isVisible() and not page.grant_button.isEnabled() and "（经办）" in page.intro.text()
    page.close_ledger()
