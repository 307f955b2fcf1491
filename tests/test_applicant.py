import pytest

from subsidy_desk.applicant import credit_code_problem


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "91140900MA0K5YQ12C",
                                  "91140900ma0k5yq12c"])
def test_valid_credit_codes(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code,problem", [
    ("91350100M000100Y44", "校验位错误（按 GB 32100-2015 应为 3）"),
    ("91350100M000100Y4", "应为 18 位"),
    ("91350100M000100YI3", "不允许的字符 I"),
])
def test_invalid_credit_codes(code, problem):
    assert problem in credit_code_problem(code)


def test_bad_credit_code_in_case_is_a_field_error():
    from subsidy_desk.case import FORMAT, parse_case
    from subsidy_desk.fields import InputError

    with pytest.raises(InputError) as err:
        parse_case({"format": FORMAT, "kind": "six_taxes", "applicant": {"credit_code": "91350100M000100Y44",
                                                                          "county": "北京"},
                    "inputs": {"taxpayer_type": "small_scale", "period_start": "2023-01-01",
                               "period_end": "2023-03-31", "items": [{"item": "stamp_duty", "payable": "1"}]}})
    fields = [e.field for e in err.value.errors]
    assert fields == ["applicant.county", "applicant.credit_code"]
