import pytest

from jobsearch_analysis.ingest import vocab


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Company Name", "company"),
        ("Employer", "company"),
        ("  COMPANY ", "company"),
        ("Date Applied", "applied_on"),
        ("Applied", "applied_on"),
        ("Date Applied (MM/DD/YYYY)", "applied_on"),
        ("applied_on", "applied_on"),
        ("Status", "status"),
        ("Stage", "status"),
        ("Source", "channel"),
        ("Job Title", "job_title"),
        ("Position", "job_title"),
        ("Contact Email", "private"),
        ("Question And Answers", "private"),
        ("Excitement", "interest"),
        ("🏢 Company", "company"),
    ],
)
def test_header_aliases(header, role):
    assert vocab.header_role(header)[0] == role


def test_unknown_header():
    assert vocab.header_role("Salary") is None


def test_closest_headers_suggests_typos():
    assert vocab.closest_headers(["Compnay", "Dat Applied", "Salary"], "applied_on")[0] == "Dat Applied"


@pytest.mark.parametrize(
    ("words", "stage", "outcome", "replied"),
    [
        ("Applied", "applied", "open", False),
        ("Phone screen", "screen", "open", True),
        ("📞 PHONE   SCREEN!", "screen", "open", True),
        ("No reply", "applied", "ghosted", False),
        ("Ghosted 👻", "applied", "ghosted", False),
        ("Not selected", "applied", "rejected", True),
        ("Rejected after interview", "interview", "rejected", True),
        ("Rejected after 2nd round interview", "interview", "rejected", True),
        ("Offer accepted ✅", "hired", "hired", True),
        ("Declined offer", "offer", "declined", True),
        ("Declined", "applied", "rejected", True),
        ("I withdrew", "applied", "withdrawn", False),
        ("Final round", "interview", "open", True),
        ("Absage", "applied", "rejected", True),
        ("Entretien", "interview", "open", True),
        ("", "applied", "open", False),
    ],
)
def test_status_wording(words, stage, outcome, replied):
    status = vocab.resolve_status(words)
    assert (status.stage, status.outcome, status.replied) == (stage, outcome, replied)
    assert status.applied


@pytest.mark.parametrize("words", ["Bookmarked", "Saved", "Wishlist", "Applying"])
def test_saved_jobs_are_not_applications(words):
    assert vocab.resolve_status(words).applied is False


def test_unknown_status_and_user_wording():
    assert vocab.resolve_status("TBD") is None
    assert (
        vocab.resolve_status("Absage erhalten per Post", {"Absage erhalten per Post": "rejected"}).outcome == "rejected"
    )


@pytest.mark.parametrize(
    ("words", "channel"),
    [
        ("LinkedIn", "job_board"),
        ("LinkedIn Easy Apply", "job_board"),
        ("Indeed", "job_board"),
        ("Company website", "company_site"),
        ("Careers page", "company_site"),
        ("Referral", "referral"),
        ("Referred by friend at LinkedIn", "referral"),
        ("Recruiter", "recruiter"),
        ("Agency", "recruiter"),
        ("Networking event", "networking"),
        ("Cold email", "networking"),
        ("job_board", "job_board"),
        ("Carrier pigeon", "other"),
        ("", "unknown"),
    ],
)
def test_channel_wording(words, channel):
    assert vocab.resolve_channel(words) == channel


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("✓", True),
        ("TRUE", True),
        ("No", False),
        ("0", False),
        ("", None),
        ("maybe", "invalid"),
    ],
)
def test_yes_no(value, expected):
    assert vocab.resolve_bool(value) == expected
