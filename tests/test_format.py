"""How wide a text is: the one measure workbook columns, printed boxes and row heights all use."""
from subsidy_desk.format import text_units


def test_wide_and_full_width_characters_count_two_all_others_one():
    assert text_units("2022年6月21日") == 13 and text_units("abc") == 3
    assert text_units("（元）") == 6 and text_units("　") == 2  # full-width brackets, the ideographic space
    assert text_units("ｱ") == 1 and text_units("Σ≤÷") == 3  # half-width katakana; symbols of ambiguous width
