"""NPI and EIN checks (billing-rules.md §10).

NPI: ten digits whose last is a Luhn check digit computed over the prefix 80840
(the NPI's ISO card-issuer prefix) plus the first nine digits (CMS NPI standard).
"""

from __future__ import annotations

from stdnum import luhn

NPI_PREFIX = "80840"


def npi_problem(npi: str) -> str | None:
    """Why ``npi`` is not a valid NPI, or None."""
    digits = npi.strip()
    if not digits:
        return "is missing"
    if not digits.isdigit() or len(digits) != 10:
        return f"'{npi}' must be 10 digits"
    if not luhn.is_valid(NPI_PREFIX + digits):
        return f"'{npi}' fails the NPI check digit: a digit is mistyped"
    return None


def npi_check_digit(first_nine: str) -> str:
    """The tenth digit that makes ``first_nine`` a valid NPI (for sample data and tests)."""
    return luhn.calc_check_digit(NPI_PREFIX + first_nine)


def ein_digits(ein: str) -> str:
    return ein.replace("-", "").replace(" ", "").strip()


def ein_problem(ein: str) -> str | None:
    digits = ein_digits(ein)
    if not digits:
        return "is missing"
    if not digits.isdigit() or len(digits) != 9:
        return f"'{ein}' must be 9 digits (XX-XXXXXXX)"
    return None
