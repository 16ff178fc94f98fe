"""POST /v1/tools/required-hours: the insertion-hours arithmetic, its rounding and its
validation.

Bodies are written as JSON text, not built from Python floats, so each number reaches the
server exactly as written here; answers are read with Decimal so that 0.51 means 0.51.
Expected results were computed by hand: exact product or quotient, then half-up to 2 decimals.
"""

import json
from decimal import Decimal

import pytest

PATH = "/v1/tools/required-hours"
PROBLEMS = "https://asr-mayotte.fr/problems/"

# Field values are raw JSON text.
AMOUNT_BASED = {"rule": '"amount_based"', "amount": "1000000", "labour_share": "0.5",
                "insertion_rate": "0.05", "hourly_cost": "30"}
HOURS_SHARE = {"rule": '"hours_share"', "hours_worked": "20000", "insertion_share": "0.05"}
DROP = object()


def body(base, **changes):
    """JSON text of `base` with fields changed (raw JSON text) or removed (DROP)."""
    fields = dict(base, **changes)
    return "{" + ",".join(f'"{k}":{v}' for k, v in fields.items() if v is not DROP) + "}"


def post(api, text):
    return api.post(PATH, data=text.encode(), headers={"Content-Type": "application/json"})


def decimal_json(r):
    return json.loads(r.text, parse_float=Decimal, parse_int=Decimal)


def compute(api, text):
    r = post(api, text)
    assert r.status_code == 200, r.text[:500]
    assert "Location" not in r.headers, "a simulation creates nothing"
    return decimal_json(r)


def problem_errors(api, text):
    r = post(api, text)
    assert r.status_code == 400, r.text[:500]
    problem = r.json()
    assert problem["type"] == PROBLEMS + "validation-failed", problem
    assert problem["instance"] == PATH
    return {(e["field"], e["code"]) for e in problem["errors"]}


# The two rules

def test_amount_based_example(api):
    out = compute(api, body(AMOUNT_BASED))
    assert out == {"rule": "amount_based", "required_hours": Decimal("833.33"),
                   "amount": Decimal("1000000"), "labour_share": Decimal("0.5"),
                   "insertion_rate": Decimal("0.05"), "hourly_cost": Decimal("30"),
                   "hourly_cost_source": "request"}


def test_amount_based_defaults_to_the_territory_hourly_cost(api):
    out = compute(api, body(AMOUNT_BASED, hourly_cost=DROP))
    assert out["required_hours"] == Decimal("1000.00")
    assert out["hourly_cost"] == Decimal("25.00")
    assert out["hourly_cost_source"] == "territory_default"


def test_explicit_territory_value_is_still_from_the_request(api):
    out = compute(api, body(AMOUNT_BASED, hourly_cost="25"))
    assert out["required_hours"] == Decimal("1000")
    assert out["hourly_cost_source"] == "request"


def test_hours_share_example(api):
    out = compute(api, body(HOURS_SHARE))
    assert out == {"rule": "hours_share", "required_hours": Decimal("1000"),
                   "hours_worked": Decimal("20000"), "insertion_share": Decimal("0.05")}


def test_hours_share_defaults_to_5_percent(api):
    out = compute(api, body(HOURS_SHARE, insertion_share=DROP))
    assert out["required_hours"] == Decimal("1000")
    assert out["insertion_share"] == Decimal("0.05")
    assert compute(api, body(HOURS_SHARE, insertion_share="0.1"))["required_hours"] == 2000


def test_field_order_does_not_matter(api):
    text = ('{"hourly_cost":30,"insertion_rate":0.05,"labour_share":0.5,"amount":1000000,'
            '"rule":"amount_based"}')
    assert compute(api, text)["required_hours"] == Decimal("833.33")


# Exact arithmetic, rounded half-up to 2 decimals

@pytest.mark.parametrize("amount, labour, rate, cost, expected", [
    ("0.09", "0.5", "1", "1", "0.05"),          # 0.045: half-up 0.05, half-even 0.04
    ("2.5", "1", "1", "100", "0.03"),           # 0.025: half-up 0.03, half-even 0.02
    ("1.01", "0.5", "1", "1", "0.51"),          # 0.505
    ("0.05", "0.7", "1", "1", "0.04"),          # 0.035; binary floating point gives 0.0349999…
    ("0.29", "0.5", "1", "1", "0.15"),          # 0.145; floating point rounds it to 0.14
    ("0.65", "0.7", "1", "1", "0.46"),          # 0.455; floating point gives 0.45499999…
    ("100", "1", "1", "3", "33.33"),            # 33.333…
    ("200", "1", "1", "3", "66.67"),            # 66.666…
    ("1234567.89", "0.7", "0.05", "27.5", "1571.27"),   # 1571.2682…
    ("0.01", "0.000001", "0.000001", "1000", "0"),      # 1e-17
    ("100000000000", "1", "1", "0.01", "10000000000000"),
    # 1e11 × 0.123457 × 0.654321 ÷ 0.01 = 807805076970 exactly: scaled to integers the
    # intermediate product (1e13 cents × 123457 × 654321) does not fit in 64 bits.
    ("100000000000", "0.123457", "0.654321", "0.01", "807805076970"),
    # 99999999999.99 × 0.999999² ÷ 999.99 = 100000800.00809…
    ("99999999999.99", "0.999999", "0.999999", "999.99", "100000800.01"),
])
def test_amount_based_rounding(api, amount, labour, rate, cost, expected):
    text = body(AMOUNT_BASED, amount=amount, labour_share=labour, insertion_rate=rate,
                hourly_cost=cost)
    assert compute(api, text)["required_hours"] == Decimal(expected)


@pytest.mark.parametrize("hours, share, expected", [
    ("0.01", "0.5", "0.01"),          # 0.005
    ("4.5", "0.001", "0"),            # 0.0045: the third decimal decides, not the fourth
    ("1.15", "0.1", "0.12"),          # 0.115; floating point gives 0.11499999…
    ("1.65", "0.3", "0.5"),           # 0.495; floating point gives 0.49499999…
    ("0.75", "0.3", "0.23"),          # 0.225; floating point gives 0.22499999…
    ("100.5", "0.05", "5.03"),        # 5.025
    ("12345.67", "0.123457", "1524.16"),  # 1524.159381…
    ("100000000", "1", "100000000"),
    ("99999999.99", "0.999999", "99999899.99"),  # 99999899.990000…01
])
def test_hours_share_rounding(api, hours, share, expected):
    text = body(HOURS_SHARE, hours_worked=hours, insertion_share=share)
    assert compute(api, text)["required_hours"] == Decimal(expected)


@pytest.mark.parametrize("base, changes", [
    (AMOUNT_BASED, {"amount": "100000000000", "labour_share": "1", "insertion_rate": "1",
                    "hourly_cost": "1000"}),
    (AMOUNT_BASED, {"amount": "0.01", "labour_share": "0.000001", "insertion_rate": "0.000001",
                    "hourly_cost": "0.01"}),
    (AMOUNT_BASED, {"amount": "1000000.00", "labour_share": "0.500000"}),
    (HOURS_SHARE, {"hours_worked": "100000000", "insertion_share": "1"}),
    (HOURS_SHARE, {"hours_worked": "0.01", "insertion_share": "0.000001"}),
])
def test_bounds_are_inclusive_where_they_say_so(api, base, changes):
    compute(api, body(base, **changes))


# Validation: every bad field is named, with its code

@pytest.mark.parametrize("base, changes, expected", [
    (AMOUNT_BASED, {"rule": DROP}, ("rule", "required")),
    (AMOUNT_BASED, {"rule": '"percent"'}, ("rule", "enum")),
    (AMOUNT_BASED, {"rule": '"AMOUNT_BASED"'}, ("rule", "enum")),
    (AMOUNT_BASED, {"rule": "1"}, ("rule", "type")),
    (AMOUNT_BASED, {"rule": "null"}, ("rule", "type")),
    (AMOUNT_BASED, {"amount": '"1000"'}, ("amount", "type")),
    (AMOUNT_BASED, {"amount": "null"}, ("amount", "type")),
    (AMOUNT_BASED, {"amount": "true"}, ("amount", "type")),
    (AMOUNT_BASED, {"amount": "[1000]"}, ("amount", "type")),
    (AMOUNT_BASED, {"amount": "{}"}, ("amount", "type")),
    (AMOUNT_BASED, {"amount": DROP}, ("amount", "required")),
    (AMOUNT_BASED, {"amount": "-1"}, ("amount", "range")),
    (AMOUNT_BASED, {"amount": "0"}, ("amount", "range")),
    (AMOUNT_BASED, {"amount": "100000000000.01"}, ("amount", "range")),
    (AMOUNT_BASED, {"amount": "10.001"}, ("amount", "precision")),
    (AMOUNT_BASED, {"labour_share": DROP}, ("labour_share", "required")),
    (AMOUNT_BASED, {"labour_share": '"0.5"'}, ("labour_share", "type")),
    (AMOUNT_BASED, {"labour_share": "0"}, ("labour_share", "range")),
    (AMOUNT_BASED, {"labour_share": "-0.5"}, ("labour_share", "range")),
    (AMOUNT_BASED, {"labour_share": "1.5"}, ("labour_share", "range")),
    (AMOUNT_BASED, {"labour_share": "0.1234567"}, ("labour_share", "precision")),
    (AMOUNT_BASED, {"insertion_rate": DROP}, ("insertion_rate", "required")),
    (AMOUNT_BASED, {"insertion_rate": "0"}, ("insertion_rate", "range")),
    (AMOUNT_BASED, {"insertion_rate": "1.000001"}, ("insertion_rate", "range")),
    (AMOUNT_BASED, {"insertion_rate": "0.0500001"}, ("insertion_rate", "precision")),
    (AMOUNT_BASED, {"hourly_cost": '"30"'}, ("hourly_cost", "type")),
    (AMOUNT_BASED, {"hourly_cost": "null"}, ("hourly_cost", "type")),
    (AMOUNT_BASED, {"hourly_cost": "0"}, ("hourly_cost", "range")),
    (AMOUNT_BASED, {"hourly_cost": "-30"}, ("hourly_cost", "range")),
    (AMOUNT_BASED, {"hourly_cost": "1000.01"}, ("hourly_cost", "range")),
    (AMOUNT_BASED, {"hourly_cost": "25.555"}, ("hourly_cost", "precision")),
    (AMOUNT_BASED, {"hours_worked": "20000"}, ("hours_worked", "unknown")),
    (AMOUNT_BASED, {"insertion_share": "0.05"}, ("insertion_share", "unknown")),
    (AMOUNT_BASED, {"foo": "1"}, ("foo", "unknown")),
    (HOURS_SHARE, {"hours_worked": DROP}, ("hours_worked", "required")),
    (HOURS_SHARE, {"hours_worked": '"20000"'}, ("hours_worked", "type")),
    (HOURS_SHARE, {"hours_worked": "null"}, ("hours_worked", "type")),
    (HOURS_SHARE, {"hours_worked": "0"}, ("hours_worked", "range")),
    (HOURS_SHARE, {"hours_worked": "-1"}, ("hours_worked", "range")),
    (HOURS_SHARE, {"hours_worked": "100000000.01"}, ("hours_worked", "range")),
    (HOURS_SHARE, {"hours_worked": "1.234"}, ("hours_worked", "precision")),
    (HOURS_SHARE, {"insertion_share": "0"}, ("insertion_share", "range")),
    (HOURS_SHARE, {"insertion_share": "1.01"}, ("insertion_share", "range")),
    (HOURS_SHARE, {"insertion_share": "0.0000001"}, ("insertion_share", "precision")),
    (HOURS_SHARE, {"insertion_share": "null"}, ("insertion_share", "type")),
    (HOURS_SHARE, {"amount": "1000000"}, ("amount", "unknown")),
    (HOURS_SHARE, {"hourly_cost": "30"}, ("hourly_cost", "unknown")),
    (HOURS_SHARE, {"labour_share": "0.5"}, ("labour_share", "unknown")),
    (HOURS_SHARE, {"Hours_worked": "1"}, ("Hours_worked", "unknown")),
])
def test_each_bad_field_is_named(api, base, changes, expected):
    assert expected in problem_errors(api, body(base, **changes))


def test_empty_object_needs_a_rule(api):
    assert ("rule", "required") in problem_errors(api, "{}")


def test_several_errors_are_all_reported(api):
    text = body(AMOUNT_BASED, amount="-1", labour_share='"x"', insertion_rate=DROP,
                hourly_cost="0.001", foo="1")
    errors = problem_errors(api, text)
    assert {("amount", "range"), ("labour_share", "type"), ("insertion_rate", "required"),
            ("hourly_cost", "precision"), ("foo", "unknown")} <= errors, errors


def test_a_valid_field_is_not_blamed(api):
    errors = problem_errors(api, body(AMOUNT_BASED, amount="0"))
    assert {field for field, _ in errors} == {"amount"}, errors


# The HTTP envelope of the simulator

def test_body_over_1_mib_is_413(api):
    text = body(HOURS_SHARE, note='"' + "x" * (1024 * 1024) + '"')
    r = post(api, text)
    assert r.status_code == 413
    assert r.json()["type"] == PROBLEMS + "payload-too-large"


def test_query_parameters_are_refused(api):
    r = api.post(PATH + "?rule=hours_share", data=body(HOURS_SHARE).encode(),
                 headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    problem = r.json()
    assert problem["type"] == PROBLEMS + "invalid-query"
    assert ("rule", "unknown") in {(e["field"], e["code"]) for e in problem["errors"]}


def test_form_encoded_body_is_415(api):
    r = api.post(PATH, data={"rule": "hours_share", "hours_worked": "20000"})
    assert r.status_code == 415
    assert r.json()["type"] == PROBLEMS + "unsupported-media-type"
