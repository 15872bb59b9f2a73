"""Privacy by design for imported retail data (R-DATA-5, Hong Kong PDPO Cap. 486).

Columns that identify people are refused at import, free text is scanned and
masked, and member ids are replaced by keyed pseudonyms. Pure functions, no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from stockpilot.domain.model import is_no_value

KINDS = ("name", "phone", "email", "hkid", "address", "card_number")
BUSINESS_TEXT_KINDS = ("name", "email", "hkid", "card_number")
"""What is masked in business text (a store's delivery address, ``Column.business_text``).

A shop's own phone number and street address are what a supplier needs on a purchase order,
and they identify a business, not a person (PDPO Cap. 486 s.2: personal data relates to a
living individual), so phones and addresses are left there. An HKID or card number never
belongs in an address, and an e-mail or a name after an honorific ("Attn: Ms Chan") may be a
person's: those are still masked."""


@dataclass(frozen=True)
class Match:
    """One piece of personal data found in a text: its kind and ``text[start:end]``."""

    kind: str
    start: int
    end: int


# --- column headers ---------------------------------------------------------

_MEMBER_ID_HEADERS = frozenset(
    """customerid customerno customernumber customercode custid custno clientid clientno
    memberid memberno membernumber membercode membershipid membershipno membershipnumber
    membercardno membercardnumber loyaltyid loyaltyno loyaltynumber loyaltycardno
    loyaltycardnumber 會員編號 會員號碼 會員號 會員id 會員卡號 會員卡號碼 客戶編號 客戶號碼
    客戶id 会员编号 会员号码 会员卡号 客户编号 客户号码 顧客編號 顧客號碼 顾客编号 顾客号码""".split()
)
_NOT_PERSONAL_ADDRESS = re.compile(
    r"^(?:ip|mac|web|url|server|host|store|shop|branch|location|warehouse|supplier|vendor"
    r"|company|business|office)|^(?:門店|店舖|店铺|分店|倉|仓|供應商|供应商|公司)"
)
# Checked in this order: "Email Address" is an e-mail, "Customer Phone" a phone.
_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"email|^mail$|電郵|电邮|電子郵|电子邮|郵箱|邮箱")),
    ("hkid", re.compile(r"hkid|identitycard|^idcard|身[份分]證|身[份分]证")),
    (
        "card_number",
        re.compile(
            r"creditcard|debitcard|paymentcard|^(?:pan|primaryaccountnumber|cardnumber|cardno"
            r"|cardnum|ccnumber|ccno|ccnum)$|信用卡|信用咭|卡號|卡号|咭號"
        ),
    ),
    (
        "phone",
        re.compile(
            r"phone|mobile|whatsapp|^(?:tel|fax|cell)(?:no|num|number)?$"
            r"|^contact(?:no|num|number)$|電話|电话|手提|手機|手机|聯絡號碼|联络号码|傳真|传真"
        ),
    ),
    ("address", re.compile(r"address|^addr\d*$|地址|住址")),
    (
        "name",
        re.compile(
            r"^(?:cust|customer|client|member|full|first|last|given|family|middle|sur|contact"
            r"|person|cardholder|holder|recipient|receiver|consignee|buyer|shopper)s?name$"
            r"|^(?:customer|client|cardholder|recipient|consignee|shopper)$"
            r"|姓名|姓氏|^(?:顧客|顾客|客人|客戶|客户)|^(?:聯絡人|联络人|收件人|收貨人|收货人|持卡人|名字)$"
        ),
    ),
)


def _normalise_header(column_name: str) -> str:
    """NFKC (full-width letters), case-folded, without spaces, ``_``, ``-``, ``.`` or marks."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", column_name).casefold())


def is_member_id_column(column_name: str) -> bool:
    """Whether a header names a customer/member id, which is pseudonymised, not refused.

    Source: PDPO Cap. 486 Schedule 1, Data Protection Principle 1 (data adequate
    but not excessive): demand forecasting needs to tell repeat buyers apart, not
    who they are, so the id is kept only as a keyed pseudonym (:func:`pseudonymise`).
    """
    return _normalise_header(column_name) in _MEMBER_ID_HEADERS


def personal_data_kind(column_name: str) -> str | None:
    """The kind of personal data a column header announces, or None.

    Source: PDPO Cap. 486 Schedule 1, Data Protection Principle 1 (collect only
    data adequate but not excessive for the purpose): replenishment needs no
    names, phones, e-mails, HKID numbers, addresses or card numbers, so columns
    holding them are refused at import (R-DATA-5). Product, store and supplier
    "name" columns and member-id columns are not personal data here.
    """
    header = _normalise_header(column_name)
    if not header or header in _MEMBER_ID_HEADERS:
        return None
    for kind, rule in _HEADER_RULES:
        if rule.search(header):
            if kind == "address" and _NOT_PERSONAL_ADDRESS.search(header):
                return None
            return kind
    return None


# --- free text --------------------------------------------------------------

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")


def normalise_text(text: str) -> str:
    """The text as personal data is looked for in it: NFKC (full-width letters, digits,
    "＠" and brackets as Chinese input methods type them become ASCII), every Unicode
    decimal digit as its ASCII digit, and every dash as "-".

    Source: Unicode Standard Annex #15 (Normalization Forms, NFKC); the digit mapping
    uses the Unicode Character Database's decimal values (Python ``str.isdecimal``).
    """
    folded = unicodedata.normalize("NFKC", text).translate(_DASHES)
    if folded.isascii():
        return folded
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in folded)


_HKID = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}) ?([0-9]{6}) ?(?:\(([0-9Aa])\)|-?([0-9Aa]))(?![A-Za-z0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Digits in groups joined by one separator: "9123 4567", "9123.4567", "4111-1111-1111-1111".
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ .\-][0-9]+)*(?![0-9])")
_GROUP = re.compile(r"[0-9]+")
# How people group the 8 digits of a Hong Kong number: 91234567, 9123 4567, 9 1 2 3 4 5 6 7
# (not 2+2+2+2, which is how dates and times are written: 24-05-06 12).
_PHONE_GROUPINGS = frozenset({(8,), (4, 4), (1,) * 8})
_COUNTRY_CODE = "852"
_MOBILE_CODE = re.compile(r"\+?(?:852)?[569][0-9]{7}")
_CARD_PREFIX = re.compile(r"3[47]|4|5[1-5]|2[2-7]|6")
# How card numbers are printed and typed when grouped: 16 and 19 digits in fours, American
# Express 4-6-5, Diners Club 4-6-4, 13-digit Visa 4-3-3-3 (ISO/IEC 7812 numbers as embossed).
# A run grouped otherwise ("10133-20231130": a product code and a date) is not a card.
_CARD_GROUPINGS = frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4), (4, 3, 3, 3)})
_HONORIFIC_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mdm|Madam|Dr|Prof)\.? +[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}"
    r"|[\u4e00-\u9fff]{1,3}(?:先生|小姐|太太|女士|夫人)"
)
_ADDRESS = re.compile(
    r"\b(?:Flat|Rm|Room)\.? ?[A-Z0-9]{1,5}\b(?:, ?[0-9]{1,3}/F\b)?"
    r"|\b[0-9]{1,3} ?/ ?F\b"
    r"|\b[0-9]{1,4}[A-Z]? +(?:[A-Z][a-z]+ +){1,3}(?:Road|Street|Avenue|Lane|Path|Terrace|Rd|St|Ave)\b"
    r"|[\u4e00-\u9fff]{1,6}[道街路里] ?[0-9]{1,4} ?號"
    r"|[0-9]{1,3} ?樓|[0-9A-Z]{1,5} ?室"
)


def hkid_check_digit_valid(prefix: str, digits: str, check: str) -> bool:
    """Whether an HKID's bracketed check digit is right.

    Source: the weighted modulus-11 check digit of the Hong Kong Identity Card
    (publicly documented, e.g. Wikipedia "Hong Kong identity card", Check digit):
    letters count A=10 .. Z=35, a one-letter prefix is padded in front with a
    space worth 36; weights 9, 8, ..., 2 over the eight symbols and 1 over the
    check digit ("A" stands for 10); the weighted sum must be divisible by 11.
    """
    letters = prefix.upper().rjust(2, " ")
    values = [36 if c == " " else ord(c) - ord("A") + 10 for c in letters]
    values += [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=False))
    return (total + (10 if check.upper() == "A" else int(check))) % 11 == 0


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check of a digit string. Source: ISO/IEC 7812-1, Annex B."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return bool(digits) and total % 10 == 0


def _digit_candidates(text: str, *, in_code: bool) -> list[Match]:
    """Phones and payment cards among runs of digit groups, each made of whole groups.

    A phone is 8 digits starting 2-9 in one of the groupings people write
    (:data:`_PHONE_GROUPINGS`), optionally after the country code 852 / +852 (OFCA
    Numbering Plan for Telecommunications Services); a card is 13-19 digits passing the
    Luhn check (ISO/IEC 7812-1), bare or grouped the way cards are printed
    (:data:`_CARD_GROUPINGS`). Inside a code (``in_code``) a bare run is a barcode or a
    date, not a person: an unprefixed phone needs a separator, and a bare card 15-16
    digits behind a card-network prefix.
    """
    found = []
    for run in _DIGIT_RUN.finditer(text):
        base = run.start()
        groups = [(base + g.start(), base + g.end()) for g in _GROUP.finditer(run.group())]
        for i in range(len(groups)):
            digits, sizes = "", []
            for j in range(i, len(groups)):
                digits += text[groups[j][0] : groups[j][1]]
                sizes.append(groups[j][1] - groups[j][0])
                if len(digits) > 19:
                    break
                start, end = groups[i][0], groups[j][1]
                plus = start > 0 and text[start - 1] == "+"
                if _is_phone(digits, tuple(sizes), in_code=in_code, prefixed=plus):
                    found.append(Match("phone", start - plus, end))
                if 13 <= len(digits) <= 19 and luhn_valid(digits):
                    if len(sizes) > 1:
                        card = tuple(sizes) in _CARD_GROUPINGS
                    else:
                        card = not in_code or (len(digits) in (15, 16) and bool(_CARD_PREFIX.match(digits)))
                    if card:
                        found.append(Match("card_number", start, end))
    return found


def _is_phone(digits: str, sizes: tuple[int, ...], *, in_code: bool, prefixed: bool) -> bool:
    if digits.startswith(_COUNTRY_CODE) and len(digits) == 11 and sizes[0] >= 3:
        rest = (sizes[0] - 3, *sizes[1:]) if sizes[0] > 3 else sizes[1:]
        return digits[3] in "23456789" and rest in _PHONE_GROUPINGS
    if len(digits) != 8 or digits[0] not in "23456789" or sizes not in _PHONE_GROUPINGS:
        return False
    return not in_code or prefixed or sizes != (8,)


def find_personal_data(text: str, *, in_code: bool = False, kinds: tuple[str, ...] = KINDS) -> list[Match]:
    """Personal data in :func:`normalise_text` of ``text``, in order, without overlaps
    (the longest wins); positions refer to the normalised text (the same as ``text``
    for ASCII).

    Finds HKID numbers with a valid check digit (see :func:`hkid_check_digit_valid`),
    Hong Kong phone numbers and payment card numbers (:func:`_digit_candidates`),
    e-mail addresses (a practical subset of the RFC 5322 addr-spec), and in free text
    also names after an honorific (Mr, Ms, 先生, 小姐 ...) and the parts of Hong Kong
    addresses that name a flat, floor, room or street number. ``in_code`` is for ids
    and codes (SKU, event id): digit runs there are barcodes and dates unless written
    like a phone or card (see :func:`_digit_candidates`), a whole code that is a mobile
    number (5, 6 or 9 and seven digits) is one, and names and addresses are not looked
    for. Only matches of ``kinds`` count (and only they can hide one another): business text
    looks for :data:`BUSINESS_TEXT_KINDS`. Source for scanning at all: PDPO Cap. 486 Schedule 1,
    Data Protection Principle 1.
    """
    text = normalise_text(text)
    candidates = [
        Match("hkid", m.start(), m.end())
        for m in _HKID.finditer(text)
        if hkid_check_digit_valid(m.group(1), m.group(2), m.group(3) or m.group(4))
    ]
    candidates += [Match("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    candidates += _digit_candidates(text, in_code=in_code)
    if in_code:
        if _MOBILE_CODE.fullmatch(text.strip()):
            candidates.append(Match("phone", 0, len(text)))
    else:
        candidates += [Match("name", m.start(), m.end()) for m in _HONORIFIC_NAME.finditer(text)]
        candidates += [Match("address", m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    chosen: list[Match] = []
    candidates = [c for c in candidates if c.kind in kinds]
    for c in sorted(candidates, key=lambda m: (m.start - m.end, m.start)):
        if all(c.end <= o.start or o.end <= c.start for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda m: m.start)


def mask_personal_data(text: str, *, in_code: bool = False, kinds: tuple[str, ...] = KINDS) -> tuple[str, int]:
    """Replace each match of :func:`find_personal_data` (with ``in_code`` and ``kinds``) by ``[<kind> removed]``.

    Returns the masked text and the number of replacements; a text with a match is
    returned normalised (:func:`normalise_text`), one without is returned as it was.
    Masking repeats until nothing is found, because removing one match can uncover
    another (e.g. an HKID glued to a phone number); every replacement shortens what
    can match, so this ends, and masking twice changes nothing.
    Source: PDPO Cap. 486 Schedule 1, Data Protection Principle 1 (minimisation).
    """
    count = 0
    while matches := find_personal_data(text, in_code=in_code, kinds=kinds):
        text = normalise_text(text)
        for m in reversed(matches):
            text = f"{text[: m.start]}[{m.kind} removed]{text[m.end :]}"
        count += len(matches)
    return text, count


# --- pseudonyms -------------------------------------------------------------

MEMBER_PREFIX = "m_"
CODE_PREFIX = "p_"
"""Pseudonyms of member ids start with ``m_``; ids and codes that held personal data with ``p_``."""


def pseudonymise(value: str, key: bytes, prefix: str = MEMBER_PREFIX) -> str:
    """A stable pseudonym ``prefix`` + 20 hex chars for a member id: HMAC-SHA256 under ``key``.

    Whitespace around the id and a float tail of zeros ("13085.0" as written by
    spreadsheets) are removed first, so "13085.0" and "13085" agree. Empty or
    "no value" words (:data:`stockpilot.domain.model.NO_VALUE_WORDS`: "", "nan",
    "None", "null", "N/A" ...) raise ValueError.
    Sources: RFC 2104 (HMAC), FIPS 180-4 (SHA-256); a keyed hash cannot be
    reversed by hashing all possible ids without the key (PDPO Cap. 486
    Schedule 1, Data Protection Principles 1 and 4).
    """
    if value is None or not isinstance(value, str):
        raise ValueError("a member id must be a non-empty string")
    text = value.strip()
    if is_no_value(text):
        raise ValueError(f"not a member id: {value!r}")
    if not key:
        raise ValueError("the pseudonymisation key is empty")
    whole = re.fullmatch(r"([0-9]+)\.0+", text)
    if whole:
        text = whole.group(1)
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:20]


def new_key() -> bytes:
    """32 random bytes for :func:`pseudonymise`. Source: Python ``secrets`` (PEP 506), a CSPRNG."""
    return secrets.token_bytes(32)
