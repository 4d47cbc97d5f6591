"""Personal data in free text, found offline: e-mails, phones, CPF, CNPJ, card numbers and IPs.

Kinds and what counts as one
    email        local@domain.tld: RFC 5322 "dot-atom" local part (letters, digits, !#$%&'*+/=?^`{|}~-
                 and single dots between them), a domain of labels that start and end with a letter or
                 digit, and a final label of 2-63 letters. Unicode letters are allowed (RFC 6531).
                 Quoted local parts ("a b"@x.com) and IP-literal domains (a@[10.0.0.1]) are not matched.
    cpf          "123.456.789-09", "123456789-09" or 11 bare digits, only when both check digits are
                 right (Receita Federal: weights 10..2, then 11..2 over the first ten digits; a
                 remainder r below 2 gives 0, otherwise 11 - r) and the digits are not all equal
                 ("111.111.111-11" passes the arithmetic but is never issued).
    cnpj         "12.345.678/0001-95" or 14 bare digits (the dots, slash and hyphen are each optional),
                 only with both check digits right (weights 5,4,3,2,9,8,7,6,5,4,3,2, then
                 6,5,4,3,2,9,8,7,6,5,4,3,2; same remainder rule) and not all digits equal. The
                 alphanumeric CNPJ announced for July 2026 is not recognised yet.
    credit_card  13-19 digits, bare or in groups (4-4-4-4, 4-4-4-4-3, Amex 4-6-5) separated by one
                 consistent space or hyphen, only when the Luhn check passes AND the number fits a
                 known brand's prefix and length (`_CARD_BRANDS`): Visa 4 (13, 16, 19 digits);
                 Mastercard 51-55 and 2221-2720 (16); Amex 34, 37 (15); Discover 6011, 644-649, 65
                 (16-19); Elo's published BIN ranges (16); Hipercard 606282 (16, 19). Diners, JCB,
                 UnionPay, Maestro and private-label cards are not matched: the prefix gate is what
                 keeps a random Luhn-valid id (1 in 10 of them) from being called a card.
    ip           IPv4 as four dotted octets 0-255 without leading zeros, not inside a longer dotted
                 number ("1.2.3.4.5") and not glued to a letter ("v1.2.3.4"); IPv6 in full or
                 compressed form (an embedded dotted IPv4 tail allowed) that `ipaddress.IPv6Address`
                 accepts and that writes at least three groups, so "::1", "fe80::1" and "a::b"
                 (C++ scopes, Python slices) are left alone.
    phone        Brazilian: optional country code (+55 or 55), area code (DDD) written bare or in
                 parentheses, then a 9-digit mobile number (starting with 9) or an 8-digit landline
                 (starting with 2-5), with an optional hyphen or space in the middle: "+55 11 91234-5678",
                 "(11) 91234-5678", "(21) 3456-7890". Only real DDDs count (ANATEL's list: 20, 23, 30,
                 50, 90, ... are not area codes). Without a DDD only the hyphenated mobile shape
                 ("91234-5678") is a phone: a bare "3456-7890" is as likely a range or a code. A run
                 of bare digits is a phone only in the mobile shape ("11912345678", "5511912345678"):
                 a bare 10-digit run is an order id as often as a landline.
                 International: "+" then groups of digits separated by one space, dot or hyphen, or
                 by a parenthesised group ("+1 (415) 555-2671", "+44 20 7946 0958"), 8-15 digits in
                 all (E.164). Numbers dialled with "00" instead of "+" are not matched.

Boundaries
    A digit kind never starts or ends inside a longer number: the characters next to a match may not
    be a digit, nor one of . , / - followed by a digit ("1.123.456.789-09" and "123.456.789-09-1"
    hold no CPF). Phones, which have no check digit, are stricter where their own shape is weak: a
    Brazilian phone that starts with a bare digit may not follow a number and a space, and one that
    ends in a space-separated group may not be followed by a space and a digit, so "5555 5555 5555"
    inside a card-shaped run is not a phone, while "(31) 97905-0201 23/11/2024" holds one. An
    international number ends at its hyphenated groups ("+1 (415) 555-2671 2024" stops before the
    year) or, past 15 digits, at the last space that leaves 15 or fewer.

Precedence (matches never overlap)
    Detectors claim text in this order, and a later match that overlaps an earlier one is dropped:
    email, ip (IPv6), cnpj, cpf, credit_card, ip (IPv4), phone (Brazilian, then international).
    So an e-mail wins over the digits in its local part ("52998224725@x.com" is one email); an IPv6
    address keeps its dotted IPv4 tail; a number with valid check digits wins over the phone shape (a
    bare "11912345678" whose last two digits happen to be its CPF check digits, about 1 in 100, is
    reported as a CPF: both are personal data, and the count of affected examples is the same); a
    formatted phone such as "(11) 91234-5678" is never a CPF, whose shapes have no parentheses and
    no inner space; lengths keep cards (13, 15-19 digits) apart from CPF (11) and CNPJ (14), and a
    14-digit run is a CNPJ or nothing.

Masks keep what identifies nobody and helps a reader recognise the kind: the first character of the
e-mail's local part and domain and the top-level domain ("j***@e***.com"); the last two digits of a
CPF or CNPJ ("***.***.***-09"); the last four of a card ("**** **** **** 1111"); a phone's country
code, area code and last two digits ("+55 (11) ****-**34"); the first two octets or groups of an IP
("192.168.*.*", "2001:db8::*:*"). Separators are kept, so the shape stays readable.

Speed: a text is searched for e-mails only if it holds an "@", for IPv6 only if it holds "::" or
seven colons, and for the digit kinds only if it holds a digit (ten substring tests, far cheaper
than a regex). The digit detectors then run only on "clusters" (`_CLUSTER`): maximal chains of
digits that could hold a match at all, i.e. 9+ digits, "+" and 8+ digits, or a dotted quad, and
only those detectors whose digit count and shape fit the cluster. Prices, dates, times and short
ids are skipped after one regex pass over a byte copy of the text. benchmarks/bench_pii.py
measures `pii_kinds` against tokenizing the same texts.

Known limits
    False positives: "version 1.2.3.4" or a 4-part section number is an IPv4 (four numbers ≤ 255
    look exactly like one); a US ZIP+4 code starting with 9 ("CA 90210-1234") has the shape of a
    Brazilian mobile without area code; an 11-digit id whose last two digits happen to be CPF check
    digits (1 in 100 random ids) is a CPF, a 14-digit one (1 in 100) a CNPJ, and a Luhn-valid id
    with a card prefix and length (1 in 10 of those) a card.
    False negatives: a landline without area code ("3456-7890"), a national format other than
    Brazil's without "+", a number dialled with "00"; a value glued to another number by a digit or
    by one of . , / - (and, for a phone's weak edge, a space); cards of networks outside
    `_CARD_BRANDS`; the alphanumeric CNPJ; "::1" and other IPv6 written with fewer than three
    groups; quoted e-mail local parts; digits other than ASCII 0-9.
"""

from __future__ import annotations

import ipaddress
import operator
import re
from collections.abc import Callable, Container
from dataclasses import dataclass

PII_KINDS = ("email", "phone", "cpf", "cnpj", "credit_card", "ip")


@dataclass(frozen=True, slots=True)
class PiiMatch:
    kind: str  # one of PII_KINDS
    start: int  # text[start:end] is the value
    end: int
    masked: str  # the value with its identifying characters replaced by "*"


# --- patterns -------------------------------------------------------------------------------------
# Each digit pattern consumes its first digit before its lookbehinds, so that the regex engine can
# skip ahead to the next candidate character quickly (a leading lookbehind disables that scan).
_LEFT_AFTER_FIRST = r"(?<![0-9][0-9])(?<![0-9][.,/-][0-9])"  # placed after the first digit
_RIGHT = r"(?![0-9])(?![.,/-][0-9])"

_CPF = re.compile(r"[0-9]" + _LEFT_AFTER_FIRST + r"[0-9]{2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}" + _RIGHT, re.ASCII)
_CNPJ = re.compile(r"[0-9]" + _LEFT_AFTER_FIRST + r"[0-9]\.?[0-9]{3}\.?[0-9]{3}/?[0-9]{4}-?[0-9]{2}" + _RIGHT, re.ASCII)
_CARD = re.compile(
    r"[0-9]" + _LEFT_AFTER_FIRST + r"(?:"
    r"[0-9]{3}(?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{3})?"  # 16 / 19
    r"|[0-9]{3}(?P<amex>[ -]?)[0-9]{6}(?P=amex)[0-9]{5}"  # Amex 4-6-5
    r"|[0-9]{12,18}"
    r")" + _RIGHT,
    re.ASCII,
)
# Octet ranges are checked in code: a regex alternation of octet ranges has no first character
# the engine can scan for, and this shape does.
_IPV4 = re.compile(r"[0-9](?<![\w.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![0-9])(?!\.[0-9])", re.ASCII)
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:])",
    re.ASCII,
)
# ANATEL's area codes: 11-19, 21 22 24 27 28, 31-35 37 38, 41-49, 51 53-55, 61-69, 71 73-75 77 79,
# 81-89, 91-99.
_DDD = r"(?:1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[13457]|8[1-9]|9[1-9])"
_BR_PHONE = re.compile(
    # A leading "+" or "(" delimits the number by itself; a bare digit must not follow another
    # number across one separator.
    r"(?<![0-9+])(?:(?=[(+])|(?<![0-9][ .,/-]))"
    r"(?:(?P<cc>\+?55[ -]?)?(?P<area>\(" + _DDD + r"\)|" + _DDD + r")[ -]?)?"
    r"(?P<sub>(?:9 ?[0-9]{4}|[2-5][0-9]{3})"
    # "3456-7890 2024" ends at the hyphenated group; "5555 5555 5555" is part of a longer run.
    r"(?:-[0-9]{4}(?![.,/-][0-9])| ?[0-9]{4}(?![ .,/-][0-9])))(?![0-9])",
    re.ASCII,
)
# Groups separated by a space or a dot, or around a parenthesised group, then hyphenated groups,
# and nothing after a hyphenated group: "+1 (415) 555-2671 2024" ends before the year. Every
# repetition starts with a mandatory separator, so digit runs cannot be split two ways (no
# catastrophic backtracking).
_INTL_PHONE = re.compile(
    r"\+(?<![\w+]\+)[1-9][0-9]*(?:(?:[ .]|[ .-]?\([0-9]+\)[ .-]?)[0-9]+)*(?:-[0-9]+)*", re.ASCII
)

_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(
    # The local part may only start where no atom character, nor an atom character and a dot,
    # precedes it: a long dotted run without "@" is then scanned once, not once per starting
    # position, and ".joao@x.com" still yields "joao@x.com".
    _ATOM + r"(?<!" + _ATOM + _ATOM + r")(?<!" + _ATOM + r"\." + _ATOM + r")"
    + _ATOM + r"*(?:\." + _ATOM + r"+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])"
)

# Where digit kinds can be. Each of their matches is a chain of digits with at most two separator
# characters between neighbours ("+55 (11) 9..." has " (" and ") ") holding at least 9 digits
# (phones without "+", CPF, CNPJ, cards), "+" and at least 8 digits, or a dotted quad. `_CLUSTER`
# finds the maximal such chains, from their first digit; the detectors then run on them only, with
# one character of margin before (the "+" of a country code, the "(" of an area code) and two after
# (for their lookaheads). A chain is only tried where a run of digits starts (the first
# lookbehind), and a 9-digit chain only where a whole chain starts, so "R$ 1.234,56" or
# "2024-01-15" costs one attempt per number, not one per digit.
# It runs on a byte copy of the text in which every digit reads "0": the engine scans for one
# literal byte several times faster than for a character class, and Latin-1 with "?" for what it
# cannot encode gives one byte per character, so offsets in the copy are offsets in the text.
_ZERO_DIGITS = bytes.maketrans(b"0123456789", b"0000000000")
_SEP = rb"[ .,()/-]"
_CLUSTER = re.compile(
    rb"0(?<!00)(?:"
    rb"(?<=\+0)(?:" + _SEP + rb"{0,2}0){7,}"
    rb"|(?<!0" + _SEP + rb"0)(?<!0" + _SEP + rb"{2}0)(?:" + _SEP + rb"{0,2}0){8,}"
    rb"|0{0,2}(?:\.0{1,3}){3}"
    rb")"
)


# --- check digits ---------------------------------------------------------------------------------
def _mod11_digit(codes: bytes, weights: tuple[int, ...]) -> int:
    # `codes` are ASCII digits, each its value + 48: the 48s come off the weighted sum in one go.
    remainder = (sum(map(operator.mul, codes, weights)) - 48 * sum(weights)) % 11
    return 0 if remainder < 2 else 11 - remainder


_CPF_WEIGHTS_1 = tuple(range(10, 1, -1))
_CPF_WEIGHTS_2 = tuple(range(11, 1, -1))
_CNPJ_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_WEIGHTS_2 = (6,) + _CNPJ_WEIGHTS_1


def _is_valid_cpf(digits: str) -> bool:
    """11 ASCII digits whose check digits are right and which are not all the same digit."""
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    codes = digits.encode("ascii")
    return (
        _mod11_digit(codes[:9], _CPF_WEIGHTS_1) == codes[9] - 48
        and _mod11_digit(codes[:10], _CPF_WEIGHTS_2) == codes[10] - 48
    )


def _is_valid_cnpj(digits: str) -> bool:
    """14 ASCII digits whose check digits are right and which are not all the same digit."""
    if len(digits) != 14 or digits == digits[0] * 14:
        return False
    codes = digits.encode("ascii")
    return (
        _mod11_digit(codes[:12], _CNPJ_WEIGHTS_1) == codes[12] - 48
        and _mod11_digit(codes[:13], _CNPJ_WEIGHTS_2) == codes[13] - 48
    )


def _passes_luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# (brand, inclusive prefix ranges as (low, high) strings of equal length, allowed lengths)
_CARD_BRANDS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]], ...] = (
    ("visa", (("4", "4"),), (13, 16, 19)),
    ("mastercard", (("51", "55"), ("2221", "2720")), (16,)),
    ("amex", (("34", "34"), ("37", "37")), (15,)),
    ("discover", (("6011", "6011"), ("644", "649"), ("65", "65")), (16, 17, 18, 19)),
    # Elo's BIN ranges as published by the card networks' integration guides (those starting with 4
    # or 65 are already covered above, the rest are Elo's own).
    (
        "elo",
        (
            ("401178", "401179"), ("431274", "431274"), ("438935", "438935"), ("451416", "451416"),
            ("457393", "457393"), ("457631", "457632"), ("504175", "504175"), ("506699", "506778"),
            ("509000", "509999"), ("627780", "627780"), ("636297", "636297"), ("636368", "636368"),
            ("650031", "650033"), ("650035", "650051"), ("650405", "650439"), ("650485", "650538"),
            ("650541", "650598"), ("650700", "650718"), ("650720", "650727"), ("650901", "650978"),
            ("651652", "651679"), ("655000", "655019"), ("655021", "655058"),
        ),
        (16,),
    ),
    ("hipercard", (("606282", "606282"),), (16, 19)),
)


_CARD_LENGTHS = frozenset(length for _, _, lengths in _CARD_BRANDS for length in lengths)


def _card_brand(digits: str) -> str | None:
    """The brand whose prefix range and length fit these digits, if any (Luhn is checked apart)."""
    for brand, ranges, lengths in _CARD_BRANDS:
        if len(digits) in lengths:
            for low, high in ranges:
                if low <= digits[: len(low)] <= high:
                    return brand
    return None


def _is_card_number(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and _card_brand(digits) is not None and _passes_luhn(digits)


# --- masks ----------------------------------------------------------------------------------------
def _mask_digits(value: str, keep_last: int, keep_first: int = 0) -> str:
    """Every digit but the first `keep_first` and the last `keep_last` becomes "*"; the rest stays."""
    total = sum(char.isdigit() for char in value)
    out = []
    seen = 0
    for char in value:
        if char.isdigit():
            seen += 1
            if seen > keep_first and seen <= total - keep_last:
                char = "*"
        out.append(char)
    return "".join(out)


def _mask_email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    tld = domain.rsplit(".", 1)[1]
    return f"{local[0]}***@{domain[0]}***.{tld}"


def _mask_ipv4(value: str) -> str:
    first, second, _, _ = value.split(".")
    return f"{first}.{second}.*.*"


def _mask_ipv6(value: str) -> str:
    kept = 0
    groups = []
    for group in value.split(":"):
        if group and kept < 2 and "." not in group:
            kept += 1
        elif group:
            group = "*"
        groups.append(group)
    return ":".join(groups)


# --- detectors: each returns (start, end, masked) for an accepted match, None to reject it ---------
_Found = tuple[int, int, str] | None


def _whole(match: re.Match[str], masked: str) -> _Found:
    return match.start(), match.end(), masked


def _cpf(match: re.Match[str]) -> _Found:
    value = match.group()
    return _whole(match, _mask_digits(value, 2)) if _is_valid_cpf(value.replace(".", "").replace("-", "")) else None


def _cnpj(match: re.Match[str]) -> _Found:
    value = match.group()
    digits = value.replace(".", "").replace("/", "").replace("-", "")
    return _whole(match, _mask_digits(value, 2)) if _is_valid_cnpj(digits) else None


def _card(match: re.Match[str]) -> _Found:
    start, end = match.span()
    value = match.group()
    digits = value.replace(" ", "").replace("-", "")
    if not _is_card_number(digits) and match.group("sep") and len(digits) == 19:
        # "4111 1111 1111 1111 123": a 16-digit card followed by three more digits (a CVV, often).
        end -= 4
        value = value[:-4]
        digits = digits[:16]
    return (start, end, _mask_digits(value, 4)) if _is_card_number(digits) else None


def _ipv4(match: re.Match[str]) -> _Found:
    value = match.group()
    for octet in value.split("."):
        if int(octet) > 255 or (len(octet) > 1 and octet[0] == "0"):  # "010" is octal to some parsers
            return None
    return _whole(match, _mask_ipv4(value))


def _ipv6(match: re.Match[str]) -> _Found:
    value = match.group()
    groups = [group for group in value.split(":") if group]
    written = len(groups) + (1 if groups and "." in groups[-1] else 0)  # a dotted tail is 2 groups
    if written < 3:
        return None
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return None
    return _whole(match, _mask_ipv6(value))


def _br_phone(match: re.Match[str]) -> _Found:
    value, area, sub = match.group(), match.group("area"), match.group("sub")
    mobile = sub[0] == "9" and sum(char.isdigit() for char in sub) == 9
    if area is None:
        if not (mobile and "-" in sub):
            return None
    elif value.isdigit() and not mobile:
        return None
    head = match.start("sub") - match.start()
    return _whole(match, value[:head] + _mask_digits(value[head:], 2))


def _intl_phone(match: re.Match[str]) -> _Found:
    value = match.group()
    digits = sum(char.isdigit() for char in value)
    if digits > 15:
        # "+44 20 7946 0958 2021-10-07": the number ends at some space; keep the longest E.164 part.
        cut, digits = 0, 0
        for index, char in enumerate(value):
            if char == " ":
                cut = index
            elif char.isdigit():
                digits += 1
                if digits > 15:
                    break
        value = value[:cut].rstrip(" (")
        digits = sum(char.isdigit() for char in value)
    if not 8 <= digits <= 15:
        return None
    country = re.match(r"\+[0-9]{1,3}(?=[ .(-])", value)
    keep_first = len(country.group()) - 1 if country else 0
    return match.start(), match.start() + len(value), _mask_digits(value, 2, keep_first)


def _email(match: re.Match[str]) -> _Found:
    return _whole(match, _mask_email(match.group()))


_Detector = tuple[str, re.Pattern[str], Callable[[re.Match[str]], _Found]]
_EMAIL_DETECTOR: _Detector = ("email", _EMAIL, _email)
_IPV6_DETECTOR: _Detector = ("ip", _IPV6, _ipv6)
# Digit detectors in precedence order (e-mails and IPv6 addresses come first), each with the fewest
# digits a match of it holds, the lengths it accepts when the cluster is one bare run of digits,
# and a character its cluster (with the character before it) must contain. Other clusters are not
# searched: a 9-digit tracking code or a 14-digit protocol number costs one or two checks.
_DIGIT_DETECTORS: tuple[tuple[_Detector, int, Container[int], bytes], ...] = (
    (("cnpj", _CNPJ, _cnpj), 14, range(14, 15), b""),
    (("cpf", _CPF, _cpf), 11, range(11, 12), b""),
    (("credit_card", _CARD, _card), 13, _CARD_LENGTHS, b""),
    (("ip", _IPV4, _ipv4), 4, range(0), b"."),
    (("phone", _BR_PHONE, _br_phone), 9, range(11, 14, 2), b""),  # DD9XXXXXXXX, 55DD9XXXXXXXX
    (("phone", _INTL_PHONE, _intl_phone), 8, range(8, 16), b"+"),
)


def _has_digit(text: str) -> bool:
    # Ten substring tests are several times faster than any regex on text without digits.
    return (
        "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
        or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
    )


def _claim(
    taken: list[tuple[int, int, str, str]], detector: _Detector, text: str, start: int, end: int
) -> None:
    """Add the matches of `detector` in text[start:end] that overlap nothing already taken."""
    kind, pattern, accept = detector
    # A `search` loop: on windows of a few dozen characters, creating a `finditer` iterator costs
    # more than the searching.
    match = pattern.search(text, start, end)
    while match is not None:
        found = accept(match)
        if found is not None:
            first, last, masked = found
            if not any(first < other_end and other_start < last for other_start, other_end, _, _ in taken):
                taken.append((first, last, kind, masked))
        match = pattern.search(text, match.end(), end)


def _matches(text: str) -> list[tuple[int, int, str, str]]:
    """Accepted, non-overlapping (start, end, kind, masked), in the order they were found."""
    taken: list[tuple[int, int, str, str]] = []
    if "@" in text:
        _claim(taken, _EMAIL_DETECTOR, text, 0, len(text))
    if "::" in text or (":" in text and text.count(":") >= 7):
        _claim(taken, _IPV6_DETECTOR, text, 0, len(text))
    if _has_digit(text):
        zeroed = text.encode("latin-1", "replace").translate(_ZERO_DIGITS)
        for cluster in _CLUSTER.finditer(zeroed):
            first, last = cluster.span()
            start, end = max(0, first - 1), last + 2
            chain = zeroed[start:last]
            digits = chain.count(b"0")
            bare = digits == last - first
            for detector, fewest, bare_lengths, needs in _DIGIT_DETECTORS:
                if (digits in bare_lengths if bare else digits >= fewest) and needs in chain:
                    _claim(taken, detector, text, start, end)
    return taken


def find_pii(text: str) -> tuple[PiiMatch, ...]:
    """Every piece of personal data in `text`, in order of position, never overlapping."""
    return tuple(PiiMatch(kind, start, end, masked) for start, end, kind, masked in sorted(_matches(text)))


_NONE: frozenset[str] = frozenset()


def pii_kinds(text: str) -> frozenset[str]:
    """The kinds of personal data `text` contains (the same as those of `find_pii`, only faster)."""
    taken = _matches(text)
    return frozenset(kind for _, _, kind, _ in taken) if taken else _NONE


def mask_pii(text: str) -> str:
    """`text` with every match of `find_pii` replaced by its masked form."""
    pieces = []
    position = 0
    for match in find_pii(text):
        pieces.append(text[position : match.start])
        pieces.append(match.masked)
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces)
