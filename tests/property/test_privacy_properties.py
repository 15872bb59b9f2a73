"""Property tests for free-text masking (R-DATA-5)."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.domain.privacy import Match, find_personal_data, mask_personal_data

# Text that is likely to contain (and to nearly contain) personal data: digits,
# separators, "@", letters, brackets, "+" and some Chinese.
noisy_text = st.text(alphabet=st.sampled_from(list("0123456789 -+@.()_abcAZ852電話\n")), max_size=80) | st.text(
    max_size=60
)

PIECES = [
    "+852 9123 4567",
    "2345-6789",
    "chan@example.com",
    "A123456(3)",
    "AB9876543",
    "4111 1111 1111 1111",
    "123456789012",
    "4111 1111 1111 1112",
]
text_with_pieces = st.lists(st.sampled_from(PIECES) | noisy_text, max_size=6).map("".join)

FAST = settings(max_examples=150, deadline=None)


@FAST
@given(text_with_pieces)
def test_masking_is_idempotent(text: str) -> None:
    masked, _ = mask_personal_data(text)
    assert mask_personal_data(masked) == (masked, 0)


@FAST
@given(text_with_pieces)
def test_nothing_is_found_after_masking(text: str) -> None:
    masked, count = mask_personal_data(text)
    assert find_personal_data(masked) == []
    assert (count == 0) == (masked == text)


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=("N", "Lu", "Lo"), blacklist_characters="@＠﹫")))
def test_text_without_digits_capitals_chinese_or_at_is_unchanged(text: str) -> None:
    # Every kind needs a digit, an "@", a capital (a name after an honorific) or a
    # Chinese character (先生, 道 ... 號): text without them is never touched.
    assert mask_personal_data(text) == (text, 0)


def reference_check_digit(prefix: str, digits: str) -> str:
    """An independent HKID check digit: weighted sum of ' '=36, A=10..Z=35, digits."""
    symbols = (" " + prefix)[-2:] + digits  # pad a one-letter prefix with a space
    value = {" ": 36, **{c: 10 + i for i, c in enumerate(string.ascii_uppercase)}}
    total = sum((value[c] if c in value else int(c)) * (9 - i) for i, c in enumerate(symbols))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


separator = st.sampled_from([" ", ", ", "\n", ": ", " (", ") ", "/", "。"])
words = st.text(alphabet=string.ascii_letters + " ", max_size=30)


@FAST
@given(
    prefix=st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=2),
    digits=st.text(alphabet=string.digits, min_size=6, max_size=6),
    brackets=st.booleans(),
    before=words,
    after=words,
    sep1=separator,
    sep2=separator,
)
def test_valid_hkid_in_letter_text_is_found(
    prefix: str, digits: str, brackets: bool, before: str, after: str, sep1: str, sep2: str
) -> None:
    check = reference_check_digit(prefix, digits)
    hkid = f"{prefix}{digits}({check})" if brackets else f"{prefix}{digits}{check}"
    text = f"{before}{sep1}{hkid}{sep2}{after}"
    start = len(before) + len(sep1)
    assert find_personal_data(text) == [Match("hkid", start, start + len(hkid))]
    masked, count = mask_personal_data(text)
    assert masked == f"{before}{sep1}[hkid removed]{sep2}{after}"
    assert count == 1
