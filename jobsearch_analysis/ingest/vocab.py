"""The words people use: header aliases, status wording, channel wording, yes/no.

Every lookup goes through :func:`normalise_text`, so case, spacing, punctuation, accents and emoji never
matter ("✅ Offer accepted!" and "offer accepted" are the same words).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_text(value: object) -> str:
    """Lower-case ASCII words separated by single spaces; accents folded, emoji and punctuation dropped."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("ß", "ss")
    return _NOT_WORD.sub(" ", text).strip()


def normalise_header(value: object) -> str:
    """A header's words, ignoring anything in brackets ("Date Applied (MM/DD/YYYY)" -> "date applied")."""
    return normalise_text(_BRACKETS.sub(" ", str(value)))


# --------------------------------------------------------------------------------------------------
# Headers. Keys are the canonical columns plus a few helper roles the loader understands:
#   status, status_on        the current status and the day it was set (a status sheet)
#   rejected_on, hired_on,   the day an ending happened (a wide sheet)
#   withdrawn_on, declined_on, ghosted_on
#   private                  contact details and other personal data: read, never kept
# Aliases are listed most specific first; when two headers claim one role, the one whose alias comes
# first wins and the other stays as a column of the user's own.
# --------------------------------------------------------------------------------------------------
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "application_id": (
        "application id",
        "application_id",
        "app id",
        "id",
        "application number",
        "ref",
        "reference",
        "job id",
        "requisition id",
    ),
    "client_id": ("client id", "client", "participant id", "participant", "jobseeker id", "customer id"),
    "company": (
        "company",
        "company name",
        "employer",
        "employer name",
        "organisation",
        "organization",
        "firm",
        "business",
        "company applied to",
        "unternehmen",
        "firma",
        "arbeitgeber",
        "entreprise",
        "empresa",
        "societe",
    ),
    "job_title": (
        "job title",
        "title",
        "position",
        "position title",
        "role",
        "job",
        "job position",
        "job name",
        "role title",
        "stelle",
        "stellenbezeichnung",
        "poste",
        "puesto",
    ),
    "role_family": (
        "role family",
        "job family",
        "function",
        "field",
        "track",
        "category",
        "role type",
        "job category",
        "occupation",
    ),
    "industry": ("industry", "sector", "branche", "secteur"),
    "location": ("location", "city", "place", "where", "office", "ort", "lieu", "ubicacion"),
    "channel": (
        "channel",
        "source",
        "applied via",
        "applied through",
        "how applied",
        "application method",
        "method",
        "platform",
        "found on",
        "found via",
        "via",
        "job board",
        "site",
        "quelle",
    ),
    "resume_version": (
        "resume version",
        "resume",
        "resume name",
        "cv version",
        "cv",
        "resume used",
        "cv used",
        "lebenslauf",
    ),
    "cover_letter": (
        "cover letter",
        "cover letter sent",
        "cover",
        "motivation letter",
        "anschreiben",
        "lettre de motivation",
    ),
    "applied_on": (
        "date applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
        "applied",
        "date submitted",
        "submitted on",
        "submitted",
        "date",
        "beworben am",
        "bewerbungsdatum",
        "datum",
        "date de candidature",
        "fecha de aplicacion",
        "fecha",
    ),
    "first_response_on": (
        "first response",
        "first response date",
        "response date",
        "first reply",
        "reply date",
        "date of response",
        "heard back",
        "heard back on",
        "replied on",
        "response",
        "replied",
        "antwort am",
        "date de reponse",
    ),
    "screen_on": (
        "phone screen date",
        "screen date",
        "screening date",
        "phone screen",
        "screen",
        "screening",
        "recruiter call",
        "hr call",
        "first call",
        "intro call",
    ),
    "interview_on": (
        "interview date",
        "first interview",
        "first interview date",
        "interview",
        "interviewed on",
        "date of interview",
        "vorstellungsgesprach",
        "entretien",
    ),
    "offer_on": ("offer date", "offer received", "offer", "date of offer", "angebot"),
    "outcome_on": ("outcome date", "decision date", "closed date", "closed on", "date closed", "end date"),
    "rejected_on": ("rejection date", "rejected on", "date rejected", "rejected", "rejection", "absage"),
    "hired_on": ("accepted date", "offer accepted", "accepted on", "hired date", "hired on", "hired", "accepted"),
    "withdrawn_on": ("withdrawn date", "withdrew on", "withdrawn on", "withdrawn", "withdrew"),
    "declined_on": ("declined date", "declined on", "offer declined", "declined"),
    "ghosted_on": ("ghosted date", "ghosted on", "ghosted"),
    "job_url": ("job url", "url", "link", "job link", "posting url", "job posting url", "listing url", "posting link"),
    "status": (
        "status",
        "current status",
        "application status",
        "stage",
        "current stage",
        "state",
        "outcome",
        "result",
        "progress",
        "statut",
        "estado",
    ),
    "status_on": (
        "status date",
        "date of status",
        "status updated",
        "last updated",
        "updated",
        "last update",
        "last status change",
        "updated on",
        "date updated",
    ),
    "feedback_requested": ("feedback requested", "asked for feedback", "requested feedback"),
    "feedback_received": ("feedback received", "got feedback", "feedback"),
    "interest": (
        "interest",
        "excitement",
        "interest level",
        "rating",
        "priority",
        "desire",
        "how much i want it",
        "want",
    ),
    "notes": ("notes", "note", "comments", "comment", "remarks", "thoughts", "journal", "notizen"),
    "private": (
        "contact email",
        "contact phone number",
        "contact phone",
        "email",
        "e mail",
        "phone",
        "phone number",
        "telephone",
        "mobile",
        "contact",
        "contact name",
        "contact person",
        "recruiter name",
        "recruiter email",
        "recruiter phone",
        "hiring manager",
        "hiring manager email",
        "question and answers",
        "questions and answers",
        "address",
        "home address",
    ),
}

ROLE_LABELS: dict[str, str] = {
    "company": "company",
    "applied_on": "application date",
    "job_title": "job title",
    "status": "status",
}


def header_role(header: object) -> tuple[str, int] | None:
    """The role a header plays and the rank of the alias that matched (lower is more specific)."""
    key = normalise_header(header)
    best: tuple[str, int] | None = None
    if key.replace(" ", "_") in HEADER_ALIASES and key.replace(" ", "_") != "private":
        return key.replace(" ", "_"), -1  # the canonical name itself ("applied_on", "screen_on", ...)
    for role, aliases in HEADER_ALIASES.items():
        if key in aliases:
            rank = aliases.index(key)
            if best is None or rank < best[1]:
                best = (role, rank)
    return best


def closest_headers(headers: list[str], role: str, *, n: int = 3) -> list[str]:
    """Headers that look most like one of ``role``'s aliases, best first (for "did you mean ...?")."""
    aliases = HEADER_ALIASES[role]
    scored = []
    for header in headers:
        key = normalise_header(header)
        if not key:
            continue
        score = max(difflib.SequenceMatcher(None, key, alias).ratio() for alias in aliases)
        if score >= 0.5:
            scored.append((score, header))
    scored.sort(key=lambda pair: -pair[0])
    return [header for _, header in scored[:n]]


# --------------------------------------------------------------------------------------------------
# Status wording
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    """What a status word says about an application.

    stage      furthest stage it implies (applied, screen, interview, offer, hired)
    outcome    open, ghosted, rejected, withdrawn, declined, hired
    replied    whether the words say the employer answered (any reply, a rejection included)
    applied    False for a saved or bookmarked job that was never sent (not an application)
    """

    stage: str
    outcome: str
    replied: bool
    applied: bool = True


_NOT_APPLIED = Status("applied", "open", False, applied=False)

# Whole phrases first: they settle the common wordings exactly.
_STATUS_PHRASES: dict[str, Status] = {
    "applied": Status("applied", "open", False),
    "submitted": Status("applied", "open", False),
    "sent": Status("applied", "open", False),
    "pending": Status("applied", "open", False),
    "waiting": Status("applied", "open", False),
    "open": Status("applied", "open", False),
    "in progress": Status("applied", "open", False),
    "in review": Status("applied", "open", False),
    "under review": Status("applied", "open", False),
    "application received": Status("applied", "open", False),
    "beworben": Status("applied", "open", False),
    "postule": Status("applied", "open", False),
    "candidature envoyee": Status("applied", "open", False),
    "aplicado": Status("applied", "open", False),
    "enviado": Status("applied", "open", False),
    "replied": Status("applied", "open", True),
    "responded": Status("applied", "open", True),
    "heard back": Status("applied", "open", True),
    "response": Status("applied", "open", True),
    "no reply": Status("applied", "ghosted", False),
    "no response": Status("applied", "ghosted", False),
    "no answer": Status("applied", "ghosted", False),
    "never heard back": Status("applied", "ghosted", False),
    "ghosted": Status("applied", "ghosted", False),
    "keine antwort": Status("applied", "ghosted", False),
    "sans reponse": Status("applied", "ghosted", False),
    "sin respuesta": Status("applied", "ghosted", False),
    "rejected": Status("applied", "rejected", True),
    "rejection": Status("applied", "rejected", True),
    "not selected": Status("applied", "rejected", True),
    "unsuccessful": Status("applied", "rejected", True),
    "declined": Status("applied", "rejected", True),  # without an offer, "declined" is the employer's no
    "turned down": Status("applied", "rejected", True),
    "absage": Status("applied", "rejected", True),
    "abgelehnt": Status("applied", "rejected", True),
    "refuse": Status("applied", "rejected", True),
    "refus": Status("applied", "rejected", True),
    "rechazado": Status("applied", "rejected", True),
    "withdrawn": Status("applied", "withdrawn", False),
    "withdrew": Status("applied", "withdrawn", False),
    "i withdrew": Status("applied", "withdrawn", False),
    "not interested": Status("applied", "withdrawn", False),
    "phone screen": Status("screen", "open", True),
    "screen": Status("screen", "open", True),
    "screening": Status("screen", "open", True),
    "recruiter call": Status("screen", "open", True),
    "hr call": Status("screen", "open", True),
    "intro call": Status("screen", "open", True),
    "interview": Status("interview", "open", True),
    "interviewing": Status("interview", "open", True),
    "onsite": Status("interview", "open", True),
    "final round": Status("interview", "open", True),
    "entretien": Status("interview", "open", True),
    "entrevista": Status("interview", "open", True),
    "vorstellungsgesprach": Status("interview", "open", True),
    "offer": Status("offer", "open", True),
    "offer received": Status("offer", "open", True),
    "negotiating": Status("offer", "open", True),
    "angebot": Status("offer", "open", True),
    "offre": Status("offer", "open", True),
    "oferta": Status("offer", "open", True),
    "offer accepted": Status("hired", "hired", True),
    "accepted": Status("hired", "hired", True),
    "hired": Status("hired", "hired", True),
    "signed": Status("hired", "hired", True),
    "offer declined": Status("offer", "declined", True),
    "declined offer": Status("offer", "declined", True),
    "bookmarked": _NOT_APPLIED,
    "saved": _NOT_APPLIED,
    "wishlist": _NOT_APPLIED,
    "wish list": _NOT_APPLIED,
    "to apply": _NOT_APPLIED,
    "applying": _NOT_APPLIED,
    "draft": _NOT_APPLIED,
    "interested": _NOT_APPLIED,
}

# Otherwise, key words decide: an ending word, and the furthest stage the words mention.
_STAGE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("offer", re.compile(r"\b(offer|angebot|offre|oferta|negotiat\w*)\b")),
    (
        "interview",
        re.compile(
            r"\b(interview\w*|onsite|on site|final round|panel|technical|case study|"
            r"assessment|vorstellungsgesprach|gesprach|entretien|entrevista)\b"
        ),
    ),
    ("screen", re.compile(r"\b(screen\w*|phone call|recruiter call|hr call|intro call|call)\b")),
)
_OUTCOME_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "declined",
        re.compile(
            r"\b(i declined|declined (the )?offer|offer declined|turned down (the )?offer|"
            r"offer turned down|rejected (the )?offer)\b"
        ),
    ),
    ("hired", re.compile(r"\b(accepted|hired|signed|got the job|angenommen|embauche|contratado)\b")),
    ("withdrawn", re.compile(r"\b(withdr\w*|not interested|cancel\w*|zuruckgezogen)\b")),
    (
        "ghosted",
        re.compile(
            r"\b(ghost\w*|no reply|no response|no answer|never heard|silence|"
            r"keine antwort|sans reponse|sin respuesta)\b"
        ),
    ),
    (
        "rejected",
        re.compile(
            r"\b(reject\w*|not selected|unsuccessful|not successful|not moving forward|"
            r"declined|turned down|position filled|absage|abgelehnt|refus\w*|rechaz\w*)\b"
        ),
    ),
)
_APPLIED_WORDS = re.compile(r"\b(appl(y|ied)|submitted|sent|pending|waiting|review|progress)\b")
_STAGE_ORDER = ("applied", "screen", "interview", "offer", "hired")


def resolve_status(value: object, extra: dict[str, str] | None = None) -> Status | None:
    """Read a status wording; ``None`` when the words cannot be placed.

    ``extra`` maps a user's own wording to one of the standard phrases (``{"Absage erhalten": "rejected"}``).
    """
    key = normalise_text(value)
    if not key:
        return Status("applied", "open", False)
    if extra:
        extra_keys = {normalise_text(k): normalise_text(v) for k, v in extra.items()}
        if key in extra_keys:
            key = extra_keys[key]
    if key in _STATUS_PHRASES:
        return _STATUS_PHRASES[key]
    outcome = next((name for name, pattern in _OUTCOME_WORDS if pattern.search(key)), None)
    stage = next((name for name, pattern in _STAGE_WORDS if pattern.search(key)), None)
    if outcome is None and stage is None:
        if _APPLIED_WORDS.search(key):
            return Status("applied", "open", False)
        return None
    outcome = outcome or "open"
    if outcome == "hired":
        stage = "hired"
    elif outcome == "declined":
        stage = "offer"
    stage = stage or "applied"
    replied = stage != "applied" or outcome in ("rejected", "hired", "declined")
    return Status(stage, outcome, replied)


def known_statuses() -> list[str]:
    """The standard status phrases, for error messages and documentation."""
    return sorted(_STATUS_PHRASES)


# --------------------------------------------------------------------------------------------------
# Channels
# --------------------------------------------------------------------------------------------------
_CHANNEL_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("referral", re.compile(r"\b(referr\w*|refer|referred|friend|empfehlung|recommend\w*)\b")),
    ("recruiter", re.compile(r"\b(recruit\w*|agency|headhunt\w*|staffing|inmail|approached|personalvermittl\w*)\b")),
    (
        "networking",
        re.compile(
            r"\b(network\w*|meetup|event|career fair|job fair|fair|conference|alumni|"
            r"cold (email|outreach|message)|outreach|coffee chat|informational|contact)\b"
        ),
    ),
    (
        "company_site",
        re.compile(
            r"\b(company (site|website|page|careers)|website|careers? (page|site)|direct\w*|"
            r"company|workday|greenhouse|lever|ats|employer site|own site)\b"
        ),
    ),
    (
        "job_board",
        re.compile(
            r"\b(linkedin|indeed|glassdoor|ziprecruiter|monster|stepstone|seek|dice|handshake|"
            r"wellfound|angellist|angel list|otta|xing|reed|totaljobs|careerbuilder|usajobs|"
            r"idealist|remoteok|simplify|easy apply|job ?board|board|job ?site|job portal|"
            r"portal|welcome to the jungle|jobs? ?(site|website)|jobteaser|naukri|"
            r"arbeitsagentur|pole emploi|france travail|infojobs)\b"
        ),
    ),
)


def resolve_channel(value: object) -> str:
    """Map a source wording onto a channel; "" -> unknown, a wording we cannot place -> other."""
    key = normalise_text(value)
    if not key or key in ("unknown", "n a", "na", "none"):
        return "unknown"
    canonical = key.replace(" ", "_")
    if canonical in ("job_board", "company_site", "referral", "recruiter", "networking", "other"):
        return canonical
    for channel, pattern in _CHANNEL_WORDS:
        if pattern.search(key):
            return channel
    return "other"


# --------------------------------------------------------------------------------------------------
# Yes / no
# --------------------------------------------------------------------------------------------------
TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "ja", "oui", "si", "sent", "done", "checked"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "nein", "non", "none", "unchecked"})
_TRUE_SYMBOLS = frozenset({"✓", "✔", "✅", "☑", "✔️"})
_FALSE_SYMBOLS = frozenset({"✗", "✘", "❌", "☐"})


def resolve_bool(value: object) -> bool | str | None:
    """True/False, None for an empty cell, or the string "invalid"."""
    raw = str(value).strip()
    if not raw:
        return None
    if raw in _TRUE_SYMBOLS:
        return True
    if raw in _FALSE_SYMBOLS:
        return False
    key = normalise_text(raw)
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return "invalid"
