"""Personal data detection, checked against check digits and Luhn sums computed here, independently.

The CPF and CNPJ check digits are computed with the "(sum × 10) mod 11 mod 10" form of the Receita
Federal rule, and the CNPJ weights as the cycle 2..9 read from the right, not with advisor.profiling.pii's
tables; Luhn is the "add the digits of the doubled digits" form. Card numbers are the networks'
published test numbers, each re-checked with that Luhn code. Expected masks follow the rule stated
in advisor/profiling/pii.py (first character of an e-mail's parts, last 2 digits of CPF/CNPJ/phones, last 4 of
cards, first two IPv4 octets), written out by hand.
"""

from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.profiling.pii import PII_KINDS, PiiMatch, find_pii, mask_pii, pii_kinds


# --- independent arithmetic -----------------------------------------------------------------------
def cpf_check_digits(nine: str) -> str:
    digits = [int(char) for char in nine]
    for first_weight in (10, 11):
        total = sum(digit * weight for digit, weight in zip(digits, range(first_weight, 1, -1)))
        digits.append(total * 10 % 11 % 10)
    return f"{digits[9]}{digits[10]}"


def cnpj_check_digits(twelve: str) -> str:
    digits = [int(char) for char in twelve]
    for _ in range(2):
        weights = [2 + index % 8 for index in range(len(digits))][::-1]  # ..., 9, 2, 3, ..., 9, 2 read leftwards
        digits.append(sum(digit * weight for digit, weight in zip(digits, weights)) * 10 % 11 % 10)
    return f"{digits[12]}{digits[13]}"


def luhn_ok(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        value = int(char) * (2 if index % 2 else 1)
        total += value // 10 + value % 10
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    return next(body + check for check in "0123456789" if luhn_ok(body + check))


def random_cpf(rng: random.Random) -> str:
    nine = "".join(rng.choice("0123456789") for _ in range(9))
    return nine + cpf_check_digits(nine)


def random_cnpj(rng: random.Random) -> str:
    twelve = "".join(rng.choice("0123456789") for _ in range(8)) + rng.choice(("0001", "0002", "0147"))
    return twelve + cnpj_check_digits(twelve)


def cpf_formatted(digits: str) -> str:
    return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"


def cnpj_formatted(digits: str) -> str:
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-{digits[12:]}"


def found(text: str) -> list[tuple[str, str, str]]:
    return [(match.kind, text[match.start : match.end], match.masked) for match in find_pii(text)]


def test_independent_arithmetic_agrees_with_published_examples() -> None:
    # Examples that circulate widely in Brazilian documentation, and the networks' test cards; the
    # code above must agree with them before it is trusted to generate more.
    assert cpf_check_digits("529982247") == "25"
    assert cnpj_check_digits("112223330001") == "81"
    for number in ("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117"):
        assert luhn_ok(number)
    assert not luhn_ok("4111111111111112")


# --- CPF ------------------------------------------------------------------------------------------
def test_published_cpf_is_found_and_masked_to_its_check_digits() -> None:
    assert found("Meu CPF é 529.982.247-25, obrigado.") == [("cpf", "529.982.247-25", "***.***.***-25")]
    assert found("cpf 52998224725") == [("cpf", "52998224725", "*********25")]
    assert found("cpf 529982247-25") == [("cpf", "529982247-25", "*********-25")]


def test_generated_valid_cpfs_are_found_in_every_written_form() -> None:
    rng = random.Random(1)
    for _ in range(300):
        digits = random_cpf(rng)
        if digits == digits[0] * 11:
            continue
        text = f"CPF: {cpf_formatted(digits)} ok"
        assert found(text) == [("cpf", cpf_formatted(digits), "***.***.***-" + digits[9:])], text
        assert "cpf" in pii_kinds(f"o cpf {digits}."), digits


def test_cpf_with_a_wrong_check_digit_is_not_a_cpf() -> None:
    rng = random.Random(2)
    for _ in range(300):
        digits = random_cpf(rng)
        wrong = digits[:10] + str((int(digits[10]) + rng.randint(1, 9)) % 10)
        assert find_pii(f"CPF {cpf_formatted(wrong)}") == ()
        # Bare, the same 11 digits may still be shaped like a mobile number; they are not a CPF.
        assert "cpf" not in pii_kinds(f"CPF {wrong}")
        wrong_first = digits[:9] + str((int(digits[9]) + 1) % 10) + digits[10]
        assert find_pii(f"CPF {cpf_formatted(wrong_first)}") == ()


@pytest.mark.parametrize("digit", "0123456789")
def test_cpf_of_one_repeated_digit_passes_the_arithmetic_but_is_rejected(digit: str) -> None:
    digits = digit * 11
    assert cpf_check_digits(digits[:9]) == digits[9:]  # the arithmetic alone would accept it
    assert find_pii(f"CPF {cpf_formatted(digits)}") == ()
    assert "cpf" not in pii_kinds(f"CPF {digits}")


def test_cpf_inside_a_longer_number_is_not_a_cpf() -> None:
    for text in (
        "id 152998224725",  # 12 digits
        "id 529982247251",
        "1.529.982.247-25",  # a longer dotted number
        "529.982.247-25-1",
        "529.982.247-25.7",
        "3/52998224725",
    ):
        assert "cpf" not in pii_kinds(text), text


def test_cpf_next_to_words_and_other_numbers_across_a_space_is_found() -> None:
    assert pii_kinds("CPF:529.982.247-25") == {"cpf"}
    assert pii_kinds("529.982.247-25 2024") == {"cpf"}
    assert pii_kinds("(529.982.247-25)") == {"cpf"}


# --- CNPJ -----------------------------------------------------------------------------------------
def test_published_cnpj_is_found_and_masked() -> None:
    assert found("CNPJ 11.222.333/0001-81.") == [("cnpj", "11.222.333/0001-81", "**.***.***/****-81")]
    assert found("cnpj 11222333000181") == [("cnpj", "11222333000181", "************81")]


def test_generated_valid_and_invalid_cnpjs() -> None:
    rng = random.Random(3)
    for _ in range(300):
        digits = random_cnpj(rng)
        assert found(f"empresa {cnpj_formatted(digits)}") == [
            ("cnpj", cnpj_formatted(digits), "**.***.***/****-" + digits[12:])
        ]
        assert pii_kinds(f"empresa {digits}") == {"cnpj"}
        wrong = digits[:13] + str((int(digits[13]) + rng.randint(1, 9)) % 10)
        assert find_pii(f"empresa {cnpj_formatted(wrong)}") == ()
        assert "cnpj" not in pii_kinds(f"empresa {wrong}")


@pytest.mark.parametrize("digit", "0123456789")
def test_cnpj_of_one_repeated_digit_is_rejected(digit: str) -> None:
    digits = digit * 14
    # Only "00.000.000/0000-00" passes the arithmetic (unlike CPF, where every repeated digit does).
    assert (cnpj_check_digits(digits[:12]) == digits[12:]) == (digit == "0")
    assert find_pii(cnpj_formatted(digits)) == ()
    assert "cnpj" not in pii_kinds(digits)


def test_cnpj_inside_a_longer_number_is_not_a_cnpj() -> None:
    assert "cnpj" not in pii_kinds("chave 911222333000181")
    assert "cnpj" not in pii_kinds("chave 112223330001819")


# --- cards ----------------------------------------------------------------------------------------
TEST_CARDS = (
    ("4111 1111 1111 1111", "**** **** **** 1111"),
    ("5555 5555 5555 4444", "**** **** **** 4444"),
    ("3782 822463 10005", "**** ****** *0005"),
    ("4242-4242-4242-4242", "****-****-****-4242"),
    ("4012888888881881", "************1881"),
    ("6011111111111117", "************1117"),
    ("378282246310005", "***********0005"),
    ("2223003122003222", "************3222"),  # Mastercard 2-series
    ("4222222222222", "*********2222"),  # 13-digit Visa
)


@pytest.mark.parametrize(("number", "masked"), TEST_CARDS)
def test_published_test_cards_are_found_and_show_only_their_last_four(number: str, masked: str) -> None:
    assert luhn_ok(number.replace(" ", "").replace("-", ""))
    assert found(f"cartão {number} validade") == [("credit_card", number, masked)]


@pytest.mark.parametrize(("number", "masked"), TEST_CARDS)
def test_luhn_invalid_cards_are_not_cards(number: str, masked: str) -> None:
    wrong = number[:-1] + str((int(number[-1]) + 5) % 10)
    assert not luhn_ok(wrong.replace(" ", "").replace("-", ""))
    assert "credit_card" not in pii_kinds(f"cartão {wrong}")


def test_elo_and_hipercard_prefixes_are_cards() -> None:
    for prefix in ("636368", "504175", "509123", "606282"):
        number = luhn_complete(prefix + "123456789")
        assert pii_kinds(f"cartão {number}") == {"credit_card"}, number


def test_luhn_valid_numbers_outside_the_known_prefixes_or_lengths_are_not_cards() -> None:
    for number in (
        luhn_complete("9" + "123456789012345"),  # no network starts with 9
        luhn_complete("1" + "23456789012345"),
        luhn_complete("37" + "0123456789012"),  # Amex prefix, 16 digits (Amex has 15)
        luhn_complete("5" + "1234567890123"),  # Mastercard prefix, 15 digits
        luhn_complete("4" + "1234567890123"),  # Visa prefix, 15 digits
    ):
        assert luhn_ok(number)
        assert "credit_card" not in pii_kinds(f"pedido {number}"), number


def test_card_followed_by_three_more_digits_is_still_found() -> None:
    assert found("4111 1111 1111 1111 123") == [("credit_card", "4111 1111 1111 1111", "**** **** **** 1111")]


# --- phones ---------------------------------------------------------------------------------------
PHONES = (
    ("+55 11 91234-5678", "+55 11 *****-**78"),
    ("+55 (11) 3456-7834", "+55 (11) ****-**34"),
    ("(11) 91234-5678", "(11) *****-**78"),
    ("(11) 9 1234-5678", "(11) * ****-**78"),
    ("(21) 3456-7890", "(21) ****-**90"),
    ("11 3456-7890", "11 ****-**90"),
    ("5511912345678", "5511*******78"),
    ("91234-5678", "*****-**78"),
    ("+1 (415) 555-2671", "+1 (***) ***-**71"),
    ("+1-415-555-2671", "+1-***-***-**71"),
    ("+44 20 7946 0958", "+44 ** **** **58"),
    ("+33 1 23 45 67 89", "+33 * ** ** ** 89"),
    ("+14155552671", "+*********71"),
)


@pytest.mark.parametrize(("phone", "masked"), PHONES)
def test_phones(phone: str, masked: str) -> None:
    assert found(f"ligue {phone} amanhã") == [("phone", phone, masked)]


def test_bare_mobile_with_area_code_is_a_phone() -> None:
    assert cpf_check_digits("119123456") != "78"  # so no CPF can claim it
    assert found("whatsapp 11912345678") == [("phone", "11912345678", "11*******78")]


@pytest.mark.parametrize(
    "text",
    [
        "order 12345678",
        "pedido 1134567890",  # 10 bare digits: an id as often as a landline
        "ligue 3456-7890",  # landline without area code
        "(20) 3456-7890",  # 20 is not an area code
        "total R$ 1.234,56",
        "R$ 1.234.567,89",
        "em 2024 e 2025",
        "2019-2020",
        "CEP 01310-100",
        "+123 45",  # too short for E.164
        "+1234567890123456",  # 16 digits, too long
        "5555 5555 5555 4445",  # a card-shaped run that fails Luhn
        "rastreio NB123456789BR",
        "2024-01-15 10:30",
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert "phone" not in pii_kinds(text), found(text)


def test_phone_next_to_other_numbers_keeps_its_own_extent() -> None:
    assert found("(31) 97905-0201 23/11/2024") == [("phone", "(31) 97905-0201", "(31) *****-**01")]
    assert found("R$ 538,91 (41) 3919-0048") == [("phone", "(41) 3919-0048", "(41) ****-**48")]
    assert found("+1 (415) 555-2671 2024") == [("phone", "+1 (415) 555-2671", "+1 (***) ***-**71")]
    assert found("+44 20 7946 0958 2021-10-07") == [("phone", "+44 20 7946 0958", "+44 ** **** **58")]


# --- e-mails --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("joao@example.com", "j***@e***.com"),
        ("joao.silva@empresa.com.br", "j***@e***.br"),
        ("x.y+tag@sub.example.co.uk", "x***@s***.uk"),
        ("maria_souza99@outlook.com", "m***@o***.com"),
        ("joão@exemplo.com.br", "j***@e***.br"),
    ],
)
def test_emails(email: str, masked: str) -> None:
    assert found(f"escreva para {email}. Obrigado") == [("email", email, masked)]


@pytest.mark.parametrize(
    "text", ["a@b", "user@localhost", "siga @loja no instagram", "a.@b.com", "foo@@bar.com", "x@-bad.com", "@"]
)
def test_not_emails(text: str) -> None:
    assert "email" not in pii_kinds(text)


# --- IPs ------------------------------------------------------------------------------------------
def test_ipv4_and_ipv6() -> None:
    assert found("acesso de 192.168.0.1 hoje") == [("ip", "192.168.0.1", "192.168.*.*")]
    assert found("IPs 10.0.0.1,10.0.0.255") == [("ip", "10.0.0.1", "10.0.*.*"), ("ip", "10.0.0.255", "10.0.*.*")]
    assert found("de 2001:db8::8a2e:370:7334.") == [("ip", "2001:db8::8a2e:370:7334", "2001:db8::*:*:*")]
    full = "2001:0db8:85a3:0000:0000:8a2e:0370:7334"
    assert found(full) == [("ip", full, "2001:0db8:*:*:*:*:*:*")]
    assert found("::ffff:192.168.1.1") == [("ip", "::ffff:192.168.1.1", "::ffff:*")]


@pytest.mark.parametrize(
    "text",
    [
        "version 1.2.3.4.5",
        "999.1.1.1",
        "256.1.1.1",
        "192.168.01.1",
        "v1.2.3.4",
        "versão 1.2.3",
        "2024.01.15",
        "R$ 1.234.567,89",
        "order 12345678",
        "às 10:30:00",
        "std::vector<int>",
        "x[a::b]",
        "MAC 00:1A:2B:3C:4D:5E",
        "::1",
    ],
)
def test_not_ips(text: str) -> None:
    assert "ip" not in pii_kinds(text), found(text)


# --- precedence, overlap, masking -----------------------------------------------------------------
def test_email_wins_over_the_cpf_in_its_local_part() -> None:
    assert found("52998224725@gmail.com") == [("email", "52998224725@gmail.com", "5***@g***.com")]


def test_bare_mobile_shaped_number_with_valid_cpf_check_digits_is_a_cpf() -> None:
    # Any nine digits completed with their CPF check digits; starting with "11 9" they are also
    # shaped like a São Paulo mobile. Both readings are personal data; the check digits win.
    nine = "119876543"
    digits = nine + cpf_check_digits(nine)
    assert pii_kinds(f"contato {digits}") == {"cpf"}
    # Written as a phone, it is a phone.
    assert pii_kinds(f"contato ({digits[:2]}) {digits[2:7]}-{digits[7:]}") == {"phone"}


def test_everything_in_one_text_in_order_without_overlap() -> None:
    text = (
        "Cliente joao@example.com, CPF 529.982.247-25, empresa 11.222.333/0001-81, cartão "
        "4111 1111 1111 1111, tel (11) 91234-5678 ou +44 20 7946 0958, IP 192.168.0.1 / 2001:db8::1:2."
    )
    kinds = [match.kind for match in find_pii(text)]
    assert kinds == ["email", "cpf", "cnpj", "credit_card", "phone", "phone", "ip", "ip"]
    assert pii_kinds(text) == frozenset(PII_KINDS)
    assert mask_pii(text) == (
        "Cliente j***@e***.com, CPF ***.***.***-25, empresa **.***.***/****-81, cartão "
        "**** **** **** 1111, tel (11) *****-**78 ou +44 ** **** **58, IP 192.168.*.* / 2001:db8::*:*."
    )


def test_masks_reveal_at_most_the_allowed_digits() -> None:
    rng = random.Random(4)
    for _ in range(200):
        cpf = random_cpf(rng)
        if cpf == cpf[0] * 11:
            continue
        (match,) = find_pii(cpf_formatted(cpf))
        assert re.sub(r"[^0-9]", "", match.masked) == cpf[-2:]
        cnpj = random_cnpj(rng)
        (match,) = find_pii(cnpj)
        assert re.sub(r"[^0-9]", "", match.masked) == cnpj[-2:]
        card = luhn_complete("4" + "".join(rng.choice("0123456789") for _ in range(14)))
        (match,) = find_pii(" ".join(card[i : i + 4] for i in range(0, 16, 4)))
        assert re.sub(r"[^0-9]", "", match.masked) == card[-4:]
        subscriber = "9" + "".join(rng.choice("0123456789") for _ in range(8))
        (match,) = find_pii(f"+55 (11) {subscriber[:5]}-{subscriber[5:]}")
        assert re.sub(r"[^0-9]", "", match.masked) == "5511" + subscriber[-2:]


def test_offsets_are_right_after_characters_outside_latin_1() -> None:
    text = "“Olá” 😀 日本語 — CPF 529.982.247-25, tel (11) 91234-5678 e 10.0.0.1 ✓"
    assert [(kind, value) for kind, value, _ in found(text)] == [
        ("cpf", "529.982.247-25"),
        ("phone", "(11) 91234-5678"),
        ("ip", "10.0.0.1"),
    ]


def test_match_values_and_positions() -> None:
    text = "a 529.982.247-25 b"
    assert find_pii(text) == (PiiMatch("cpf", 2, 16, "***.***.***-25"),)
    assert find_pii("") == ()
    assert pii_kinds("") == frozenset()
    assert mask_pii("nada aqui") == "nada aqui"


PIECES = (
    "joao@example.com", "529.982.247-25", "52998224725", "11.222.333/0001-81", "4111 1111 1111 1111",
    "378282246310005", "(11) 91234-5678", "+55 11 91234-5678", "+44 20 7946 0958", "192.168.0.1",
    "2001:db8::8a2e:370:7334", "pedido 12345", "R$ 1.234,56", "15/01/2024", "versão 1.2.3", "olá", "ok",
    "às 10:30", "order 12345678", "", "9", "-", ".", "(", "+", "@", ":",
)
PII_PIECES = PIECES[:11]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from((" ", ", ", " | ", "\n", "")))
def test_matches_are_ordered_disjoint_and_consistent(pieces: list[str], joiner: str) -> None:
    text = joiner.join(pieces)
    matches = find_pii(text)
    for match in matches:
        assert match.kind in PII_KINDS and 0 <= match.start < match.end <= len(text)
    for before, after in zip(matches, matches[1:]):
        assert before.end <= after.start
    assert pii_kinds(text) == {match.kind for match in matches}
    masked = mask_pii(text)
    for match in matches:
        assert text[match.start : match.end] not in match.masked
    if joiner in (", ", " | ", "\n"):  # every piece stands apart: each planted value is found and hidden
        for piece in pieces:
            if piece in PII_PIECES:
                assert piece not in masked, (text, masked)
        assert find_pii(masked) == ()  # a mask is never itself read as personal data


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 .,-/()+@:abcfxyz_éã٣", max_size=80) | st.text(max_size=40))
def test_any_text_gives_consistent_disjoint_matches(text: str) -> None:
    matches = find_pii(text)
    for before, after in zip(matches, matches[1:]):
        assert before.end <= after.start
    assert pii_kinds(text) == {match.kind for match in matches}
    for match in matches:
        assert text[match.start : match.end] not in match.masked
    # mask_pii changes the matches and nothing else.
    expected, position = [], 0
    for match in matches:
        expected += [text[position : match.start], match.masked]
        position = match.end
    assert mask_pii(text) == "".join(expected) + text[position:]


@pytest.mark.parametrize(
    "text",
    [
        "a@" + "b." * 5000,
        "(" + "a." * 5000 + "@",
        "x" * 10000 + "@",
        "+1" + " 1" * 5000,
        "1" * 10000,
        "1 " * 5000,
        "1." * 5000,
        "12.345." * 1500,
        "a:" * 5000 + "::",
        "(11) " * 2000,
        "9" * 9 + "-" + "9" * 9999,
    ],
)
def test_pathological_inputs_stay_linear(text: str) -> None:
    start = time.perf_counter()
    find_pii(text)
    assert time.perf_counter() - start < 0.5
