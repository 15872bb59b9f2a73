"""Known-answer tests for the PDPO privacy rules (R-DATA-5)."""

from __future__ import annotations

import dataclasses

import pytest

from stockpilot.domain.privacy import (
    Match,
    find_personal_data,
    hkid_check_digit_valid,
    is_member_id_column,
    luhn_valid,
    mask_personal_data,
    new_key,
    personal_data_kind,
    pseudonymise,
)


def kinds(text: str) -> list[str]:
    return [m.kind for m in find_personal_data(text)]


# --- column headers ---------------------------------------------------------

PERSONAL_HEADERS = [
    ("Customer Name", "name"),
    ("customer_name", "name"),
    ("CustomerName", "name"),
    ("Full Name", "name"),
    ("first-name", "name"),
    ("Phone", "phone"),
    ("Mobile", "phone"),
    ("Tel", "phone"),
    ("Tel.", "phone"),
    ("Contact No", "phone"),
    ("Customer Phone", "phone"),
    ("E-mail", "email"),
    ("Email Address", "email"),
    ("ＥＭＡＩＬ", "email"),  # full-width letters, as some Chinese spreadsheets write them
    ("HKID", "hkid"),
    ("ID Card No", "hkid"),
    ("Address", "address"),
    ("Delivery Address", "address"),
    ("Card Number", "card_number"),
    ("Credit Card", "card_number"),
    ("PAN", "card_number"),
    ("姓名", "name"),
    ("客戶姓名", "name"),
    ("電話", "phone"),
    ("手提電話", "phone"),
    ("聯絡電話", "phone"),
    ("電郵", "email"),
    ("電子郵件", "email"),
    ("身份證", "hkid"),
    ("身份證號碼", "hkid"),
    ("地址", "address"),
    ("送貨地址", "address"),
    ("信用卡號碼", "card_number"),
    ("卡號", "card_number"),
]

NOT_PERSONAL_HEADERS = [
    "name",
    "name_en",
    "name_zh",
    "product name",
    "product_name",
    "Description",
    "StockCode",
    "sku",
    "supplier_name",
    "store name",
    "location name",
    "district",
    "Country",
    "Quantity",
    "UnitPrice",
    "InvoiceNo",
    "Store Address",
    "IP Address",
    "Customer ID",
    "CustomerID",
    "member_id",
    "會員編號",
    "會員卡號",  # a loyalty card number is a member id, not a payment card
    "產品名稱",
    "門店地址",
    "地區",
    "",
]


@pytest.mark.parametrize(("header", "kind"), PERSONAL_HEADERS)
def test_personal_headers_are_recognised(header: str, kind: str) -> None:
    assert personal_data_kind(header) == kind


@pytest.mark.parametrize("header", NOT_PERSONAL_HEADERS)
def test_other_headers_are_not_personal(header: str) -> None:
    assert personal_data_kind(header) is None


@pytest.mark.parametrize(
    "header",
    ["Customer ID", "CustomerID", "customer_id", "member_id", "Member No", "會員編號", "會員號碼"],
)
def test_member_id_headers(header: str) -> None:
    assert is_member_id_column(header)
    assert personal_data_kind(header) is None


@pytest.mark.parametrize("header", ["Customer Name", "name", "StockCode", "Phone", "InvoiceNo"])
def test_other_headers_are_not_member_ids(header: str) -> None:
    assert not is_member_id_column(header)


# --- HKID -------------------------------------------------------------------

# Hand computation for A123456: the one-letter prefix is padded with a space (36).
#   36*9 = 324, A=10*8 = 80, 1*7 = 7, 2*6 = 12, 3*5 = 15, 4*4 = 16, 5*3 = 15, 6*2 = 12
#   sum = 481 = 11*43 + 8, check = 11 - 8 = 3          -> A123456(3)
# AB987654: A=10*9 = 90, B=11*8 = 88, 9*7 = 63, 8*6 = 48, 7*5 = 35, 6*4 = 24, 5*3 = 15, 4*2 = 8
#   sum = 371 = 11*33 + 8, check = 3                    -> AB987654(3)
# C668668: 324 + C=12*8 = 96 + 42 + 36 + 40 + 24 + 18 + 16 = 596 = 11*54 + 2, check = 9
# G123456: 324 + G=16*8 = 128 + 77 = 529 = 11*48 + 1, check = 10, written "A"
# A000007: 324 + 80 + 7*2 = 418 = 11*38 + 0, check = 11 -> written "0"
VALID_HKIDS = [
    ("A", "123456", "3"),
    ("AB", "987654", "3"),
    ("C", "668668", "9"),
    ("G", "123456", "A"),
    ("A", "000007", "0"),
]


@pytest.mark.parametrize(("prefix", "digits", "check"), VALID_HKIDS)
def test_hkid_check_digit_known_answers(prefix: str, digits: str, check: str) -> None:
    assert hkid_check_digit_valid(prefix, digits, check)
    for wrong in "0123456789A":
        if wrong != check:
            assert not hkid_check_digit_valid(prefix, digits, wrong)


@pytest.mark.parametrize(
    "text",
    ["A123456(3)", "A1234563", "AB987654(3)", "AB9876543", "C668668(9)", "G123456(A)", "A123456 (3)", "a123456(3)"],
)
def test_valid_hkids_are_found_whole(text: str) -> None:
    assert find_personal_data(f"ID: {text}, thanks") == [Match("hkid", 4, 4 + len(text))]


@pytest.mark.parametrize("text", ["A123456(4)", "A1234564", "AB987654(2)", "C668668(A)", "XYA123456(3)", "A12345634"])
def test_invalid_or_embedded_hkids_are_not_reported(text: str) -> None:
    assert "hkid" not in kinds(f"ID: {text}")


# --- payment cards ----------------------------------------------------------


def test_luhn_known_answers() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("79927398713")  # the classic Luhn example
    assert not luhn_valid("79927398710")
    assert luhn_valid("378282246310005")  # a 15-digit test card number
    assert not luhn_valid("")


@pytest.mark.parametrize("text", ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "378282246310005"])
def test_valid_card_numbers_are_found(text: str) -> None:
    assert find_personal_data(f"paid by {text}.") == [Match("card_number", 8, 8 + len(text))]


def test_card_found_before_an_expiry_date() -> None:
    text = "4111 1111 1111 1111 12 27"
    assert find_personal_data(text) == [Match("card_number", 0, 19)]


@pytest.mark.parametrize("text", ["4111 1111 1111 1112", "4111111111111112", "411111111111"])
def test_invalid_card_numbers_are_not_cards(text: str) -> None:
    assert "card_number" not in kinds(text)


@pytest.mark.parametrize("text", ["3782 822463 10005", "3056 930902 5904", "4222 222 222 222"])
def test_cards_grouped_as_printed_are_found(text: str) -> None:
    """American Express 4-6-5, Diners Club 4-6-4 and 13-digit Visa 4-3-3-3 test numbers."""
    assert find_personal_data(text) == [Match("card_number", 0, len(text))]
    assert find_personal_data(text, in_code=True) == [Match("card_number", 0, len(text))]


@pytest.mark.parametrize("text", ["S-ST01-R10133-20231105", "10133-20231113", "41111-1111-1111-110"])
def test_digits_grouped_unlike_a_card_are_not_one(text: str) -> None:
    """A product code and a date (5 + 8 digits, Luhn-valid by chance) are not a card."""
    assert "card_number" not in kinds(text)
    assert not find_personal_data(text, in_code=True)


# --- phones -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["+852 9123 4567", "+85291234567", "852-9123-4567", "2345-6789", "2345 6789", "91234567", "61234567", "39998888"],
)
def test_hong_kong_phones_are_found(text: str) -> None:
    assert find_personal_data(f"Tel {text}.") == [Match("phone", 4, 4 + len(text))]


def test_phone_next_to_chinese_text_is_found() -> None:
    assert find_personal_data("電話91234567謝謝") == [Match("phone", 2, 10)]


@pytest.mark.parametrize("text", ["123456789012", "912345678", "12345678", "0123 4567", "9123-456", "1234567"])
def test_other_digit_runs_are_not_phones(text: str) -> None:
    assert find_personal_data(f"qty {text} pcs") == []


# --- e-mail -----------------------------------------------------------------


@pytest.mark.parametrize("address", ["chan.tai.man@example.com.hk", "a_b+tag@mail.example.org", "X@Y.HK"])
def test_emails_are_found(address: str) -> None:
    assert find_personal_data(f"send to <{address}>") == [Match("email", 9, 9 + len(address))]


@pytest.mark.parametrize("text", ["a@b", "@home", "user@localhost", "50% @ 3 each"])
def test_non_emails_are_ignored(text: str) -> None:
    assert find_personal_data(text) == []


# --- masking ----------------------------------------------------------------


def test_mask_replaces_every_kind_and_counts() -> None:
    text = "Mr Chan +852 9123 4567 / chan@example.com, HKID A123456(3), card 4111 1111 1111 1111, 2 boxes of 85123A"
    masked, count = mask_personal_data(text)
    assert masked == (
        "[name removed] [phone removed] / [email removed], HKID [hkid removed], card [card_number removed], "
        "2 boxes of 85123A"
    )
    assert count == 5
    assert mask_personal_data(masked) == (masked, 0)


def test_mask_leaves_ordinary_text_alone() -> None:
    text = "WHITE HANGING HEART T-LIGHT HOLDER x 6, 2.55 each, 85123A"
    assert mask_personal_data(text) == (text, 0)


def test_mask_catches_data_uncovered_by_an_earlier_replacement() -> None:
    # The HKID is glued to the phone, so it is only a separate token once the phone is gone.
    masked, count = mask_personal_data("2345 6789A123456(3)")
    assert masked == "[phone removed][hkid removed]"
    assert count == 2


def test_match_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Match("phone", 0, 8).start = 1  # type: ignore[misc]


# --- pseudonyms -------------------------------------------------------------


def test_pseudonym_known_answer() -> None:
    # Computed independently: printf 13085 | openssl dgst -sha256 -hmac k
    #   -> c03d785a5e701a0f6f76e9f25640f1874da2a6a906645baf6f3c99e1e91e1496
    assert pseudonymise("13085", b"k") == "m_c03d785a5e701a0f6f76"
    assert pseudonymise("13085.0", b"k") == "m_c03d785a5e701a0f6f76"
    # printf 13085 | openssl dgst -sha256 -hmac 00000000000000000000000000000000
    assert pseudonymise("13085", b"0" * 32) == "m_cc8fb36eddcb3b2fea39"


def test_pseudonym_is_deterministic_and_depends_on_the_key() -> None:
    key = b"0" * 32
    assert pseudonymise("13085", key) == pseudonymise("13085", key)
    assert pseudonymise("13085", key) != pseudonymise("13085", b"1" * 32)
    assert pseudonymise("13085", key) != pseudonymise("13086", key)


def test_pseudonym_ignores_whitespace_and_float_tail() -> None:
    key = new_key()
    assert pseudonymise("13085.0", key) == pseudonymise("13085", key)
    assert pseudonymise(" 13085 ", key) == pseudonymise("13085", key)
    assert pseudonymise("13085.00", key) == pseudonymise("13085", key)
    assert pseudonymise("13085.5", key) != pseudonymise("13085", key)
    assert pseudonymise("v1.0", key) != pseudonymise("v1", key)


@pytest.mark.parametrize("value", ["", "   ", "nan", "NaN", "None", "null", None])
def test_pseudonym_refuses_empty_values(value: str) -> None:
    with pytest.raises(ValueError):
        pseudonymise(value, b"k")


def test_pseudonym_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError):
        pseudonymise("13085", b"")


def test_new_key_is_32_random_bytes() -> None:
    a, b = new_key(), new_key()
    assert isinstance(a, bytes) and len(a) == 32
    assert a != b
