import pandas as pd
import pandera.pandas as pa
import pytest

from jobsearch_analysis import schema
from jobsearch_analysis.schema import CHANNEL_DTYPE, DATE_DTYPE, OUTCOME_DTYPE, STAGE_DTYPE, Applications

from .conftest import AS_OF, canonical


def failed_checks(frame: pd.DataFrame, as_of: object = AS_OF) -> set[str]:
    """The rules a frame breaks, by name (a cross-column rule reports its message; its name is looked up)."""
    names = {check.error: check.name for check in schema.with_as_of(Applications, as_of or AS_OF).checks}
    try:
        schema.validate(frame, as_of=as_of)
    except pa.errors.SchemaErrors as errors:
        return {names.get(check, check) for check in errors.failure_cases["check"].astype(str)}
    return set()


def test_each_cross_column_rule_has_a_message_and_a_column():
    for model in (Applications, schema.Clients):
        for check in schema.with_as_of(model, AS_OF).checks:
            assert check.error and check.error != check.name
            assert check.name == schema.AS_OF_RULE or check.name in schema.RULE_COLUMNS


def test_validating_without_an_as_of_date_skips_only_that_rule(apps):
    dates = ["applied_on", "first_response_on", "screen_on", "interview_on", "offer_on", "outcome_on"]
    future = apps.assign(**{c: apps[c] + pd.Timedelta(days=3650) for c in dates})
    assert failed_checks(future, as_of=None) == set()
    assert schema.AS_OF_RULE in failed_checks(future)


def test_schema_attributes_are_column_names():
    assert Applications.applied_on == "applied_on"
    assert Applications.furthest_stage == "furthest_stage"


def test_public_columns_in_order():
    assert schema.COLUMNS[:3] == ("application_id", "client_id", "company")
    assert schema.COLUMNS[-2:] == ("source_file", "source_row")
    assert len(schema.COLUMNS) == 25


def test_valid_frame_passes(apps):
    assert failed_checks(apps) == set()


def test_user_columns_are_allowed(apps):
    assert failed_checks(apps.assign(Salary=["80k", "90k"])) == set()


def test_stage_order():
    assert list(STAGE_DTYPE.categories) == ["applied", "screen", "interview", "offer", "hired"]
    assert STAGE_DTYPE.ordered


def day(*values):
    return pd.Series(pd.to_datetime(list(values)), dtype=DATE_DTYPE)


@pytest.mark.parametrize(
    ("overrides", "check"),
    [
        ({"application_id": ["a1", "a1"]}, "application_id_unique_within_client"),
        ({"first_response_on": day("2026-03-01", None)}, "first_response_on_not_before_applied_on"),
        ({"screen_on": day("2026-03-01", None)}, "screen_on_not_before_applied_on"),
        (
            {
                "interview_on": day(None, "2026-03-01"),
                "furthest_stage": pd.Categorical(["screen", "interview"], dtype=STAGE_DTYPE),
            },
            "interview_on_not_before_applied_on",
        ),
        ({"outcome_on": day("2026-03-01", None)}, "outcome_on_not_before_applied_on"),
        ({"first_response_on": day("2026-03-15", None)}, "first_response_not_after_a_stage"),
        ({"interview_on": day("2026-03-12", None)}, "furthest_stage_matches_stage_dates"),
        ({"outcome": pd.Categorical(["hired", "open"], dtype=OUTCOME_DTYPE)}, "hired_outcome_matches_hired_stage"),
        ({"outcome": pd.Categorical(["declined", "open"], dtype=OUTCOME_DTYPE)}, "declined_means_an_offer"),
        ({"outcome": pd.Categorical(["open", "open"], dtype=OUTCOME_DTYPE)}, "open_has_no_outcome_date"),
        ({"applied_on": day("2026-03-02", "2026-07-01")}, "no_date_after_as_of"),
    ],
)
def test_each_named_rule_catches_its_mistake(overrides, check):
    assert check in failed_checks(canonical(**overrides))


def test_same_id_for_different_clients_is_fine():
    assert failed_checks(canonical(application_id=["a1", "a1"], client_id=["c1", "c2"])) == set()


def test_as_of_argument_sets_the_day(apps):
    assert failed_checks(apps, as_of="2026-03-05") == {"no_date_after_as_of"}


def test_column_rules():
    bad = canonical(interest=pd.array([4, 9], dtype="Int64"), company=["Acme", ""])
    checks = failed_checks(bad)
    assert any(c.startswith("in_range") for c in checks)
    assert any(c.startswith("str_length") for c in checks)


def test_wrong_category_is_caught():
    frame = canonical()
    frame["channel"] = pd.Categorical(["job_board", "carrier pigeon"])
    assert failed_checks(frame)


def test_channel_categories():
    assert "unknown" in CHANNEL_DTYPE.categories and "other" in CHANNEL_DTYPE.categories
