"""The words people use: header aliases, status wording, channel wording, yes/no.

Every lookup goes through :func:`normalise_text`, so case, spacing, punctuation, accents and emoji never
matter ("✅ Offer accepted!" and "offer accepted" are the same words).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_LETTERS = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})
"""Letters that carry no accent to fold away (Turkish dotless ı, Danish ø, ...): spelled as their ASCII kin."""
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def normalise_text(value: object) -> str:
    """Lower-case ASCII words separated by single spaces; accents folded, emoji and punctuation dropped."""
    text = str(value)
    if text.isascii():  # nothing to fold: the same answer, without a walk over every character
        return _NOT_WORD.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.translate(_LETTERS)
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
# first wins and the other stays as a column of the user's own. English comes first, then German, French,
# Spanish, Portuguese, Italian, Dutch and Turkish, as real trackers word them (accents are folded:
# "Gesprächsabschluss" is "gesprachsabschluss", "Şirket" is "sirket"). A header of alternatives
# ("Şirket / Kurum") is read by its parts (see :func:`header_role`).
# Stage columns (a "Kennenlerngespräch" of ja/nein, a "Phone" column of dates) are roles told from their
# content, not from these words: no alias here may send a column of one kind to a reader of another.
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
        "institution",  # an academic job list's university or institute
        "firmenname",
        "unternehmen",
        "firma",
        "arbeitgeber",
        "nom de l entreprise",
        "entreprise",
        "societe",
        "employeur",
        "nombre de la empresa",
        "empresa",
        "compania",
        "empleador",
        "nome da empresa",
        "companhia",
        "empregador",
        "nome azienda",
        "azienda",
        "societa",
        "bedrijfsnaam",
        "bedrijf",
        "werkgever",
        "organisatie",
        "sirket",
        "kurum",
        "isveren",
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
        "role name",
        "job role",
        "position name",
        "jobtitel",
        "stellenbezeichnung",
        "stellentitel",
        "berufsbezeichnung",
        "stelle",
        "intitule du poste",
        "titre du poste",
        "poste",
        "titulo del puesto",
        "puesto",
        "vacante",
        "cargo",
        "vaga",
        "titolo",
        "posizione",
        "ruolo",
        "functietitel",
        "functie",
        "vacature",
        "pozisyon",
        "unvan",
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
    "industry": ("industry", "sector", "branche", "secteur", "setor", "settore", "sektor"),
    "location": (
        "location",
        "city",
        "place",
        "where",
        "office",
        "standort",
        "arbeitsort",
        "ort",
        "stadt",
        "lieu",
        "ville",
        "localisation",
        "ubicacion",
        "ciudad",
        "localizacao",
        "cidade",
        "luogo",
        "citta",
        "sede",
        "locatie",
        "plaats",
        "standplaats",
        "konum",
        "sehir",
    ),
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
        "application site",
        "application source",
        "job source",
        "site",
        "portal",
        "bewerbungsweg",
        "quelle",
        "kanal",
        "plattform",
        "canal",
        "plateforme",
        "fuente",
        "plataforma",
        "fonte",
        "canale",
        "piattaforma",
        "bron",
        "kanaal",
        "kaynak",
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
        "carta de presentacion",
        "carta de apresentacao",
        "lettera di presentazione",
        "motivatiebrief",
        "sollicitatiebrief",
        "on yazi",
    ),
    "applied_on": (
        "date applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
        "app submitted date",
        "application submitted date",
        "submitted date",
        "applied",
        "date submitted",
        "submitted on",
        "submitted",
        "date",
        "beworben am",
        "bewerbungsdatum",
        "einreichdatum",
        "eingereicht am",
        "datum der bewerbung",
        "datum",
        "date de candidature",
        "date d envoi",
        "fecha de aplicacion",
        "fecha de solicitud",
        "fecha de postulacion",
        "fecha de envio",
        "fecha",
        "data de candidatura",
        "data da candidatura",
        "data de envio",
        "data di candidatura",
        "data candidatura",
        "data invio",
        "data",  # Portuguese and Italian for "date"
        "sollicitatiedatum",
        "datum sollicitatie",
        "gesolliciteerd op",
        "basvuru tarihi",
        "tarih",
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
        "antwortdatum",
        "ruckmeldung am",
        "date de reponse",
        "fecha de respuesta",
        "data de resposta",
        "data risposta",
        "datum reactie",
        "yanit tarihi",
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
    "outcome_on": (
        "outcome date",
        "decision date",
        "closed date",
        "closed on",
        "date closed",
        "end date",
        "gesprachsabschluss",  # the day the talks ended (in file 10: set on every "abgesagt" row, no other)
        "abschlussdatum",
        "date de decision",
        "fecha de decision",
        "data da decisao",
        "data esito",
    ),
    "rejected_on": ("rejection date", "rejected on", "date rejected", "rejected", "rejection", "absage"),
    "hired_on": ("accepted date", "offer accepted", "accepted on", "hired date", "hired on", "hired", "accepted"),
    "withdrawn_on": ("withdrawn date", "withdrew on", "withdrawn on", "withdrawn", "withdrew"),
    "declined_on": ("declined date", "declined on", "offer declined", "declined"),
    "ghosted_on": ("ghosted date", "ghosted on", "ghosted"),
    "job_url": (
        "job url",
        "url",
        "link",
        "job link",
        "posting url",
        "job posting url",
        "listing url",
        "posting link",
        "lien",
        "enlace",
    ),
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
        "bewerbungsstatus",
        "statut",
        "etat",
        "estado",
        "estatus",
        "situacao",
        "stato",
        "esito",
        "durum",
        "sonuc",
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
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "remarks",
        "thoughts",
        "journal",
        "notizen",
        "bemerkungen",
        "anmerkungen",
        "kommentar",
        "remarques",
        "commentaires",
        "notas",
        "comentarios",
        "observaciones",
        "observacoes",
        "commenti",
        "notities",
        "opmerkingen",
        "notlar",
        "aciklama",
    ),
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


_ALTERNATIVES = re.compile(r"\s*/\s*")


def header_role(header: object) -> tuple[str, int] | None:
    """The role a header plays and the rank of the alias that matched (lower is more specific).

    A header that names alternatives ("Şirket / Kurum", "Durum / Sonuç") is read by its parts when the whole
    is no alias: the parts that are aliases must all name the same role ("Applied / Rejected" names none). A
    source and a link ("Source/Link") are the channel: the board's name or the posting's address both say how
    the person applied."""
    found = _alias_role(normalise_header(header))
    if found is not None or "/" not in str(header):
        return found
    parts = [p for p in _ALTERNATIVES.split(_BRACKETS.sub(" ", str(header))) if normalise_header(p)]
    if len(parts) < 2:
        return None
    roles = [r for r in (_alias_role(normalise_header(p)) for p in parts) if r is not None]
    if {role for role, _ in roles} == {"channel", "job_url"}:
        return min((found for found in roles if found[0] == "channel"), key=lambda found: found[1])
    if not roles or len({role for role, _ in roles}) > 1:
        return None
    return min(roles, key=lambda found: found[1])


def _alias_ranks() -> dict[str, tuple[str, int]]:
    """Each alias's role and rank; an alias listed under two roles goes to the one listing it first (the
    earlier role when they list it at the same place)."""
    ranks: dict[str, tuple[str, int]] = {}
    for role, aliases in HEADER_ALIASES.items():
        for rank, alias in enumerate(aliases):
            if alias not in ranks or rank < ranks[alias][1]:
                ranks[alias] = (role, rank)
    return ranks


_ALIAS_RANKS = _alias_ranks()


def _alias_role(key: str) -> tuple[str, int] | None:
    if key.replace(" ", "_") in HEADER_ALIASES and key.replace(" ", "_") != "private":
        return key.replace(" ", "_"), -1  # the canonical name itself ("applied_on", "screen_on", ...)
    return _ALIAS_RANKS.get(key)


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
_APPLIED = Status("applied", "open", False)
_REPLIED = Status("applied", "open", True)
_GHOSTED = Status("applied", "ghosted", False)
_REJECTED = Status("applied", "rejected", True)
_WITHDRAWN = Status("applied", "withdrawn", False)
_SCREEN = Status("screen", "open", True)
_INTERVIEW = Status("interview", "open", True)
_OFFER = Status("offer", "open", True)
_HIRED = Status("hired", "hired", True)
_DECLINED = Status("offer", "declined", True)


def _words(status: Status, *phrases: str) -> dict[str, Status]:
    return dict.fromkeys(phrases, status)


# Whole phrases first: they settle the common wordings exactly. Each line: English, then German, French,
# Spanish, Portuguese, Italian, Dutch and Turkish, as real trackers word them (normalised: no accents, no
# punctuation, "Olumsuz (Red)" is "olumsuz red"). They are also the words a typo is matched against.
_STATUS_PHRASES: dict[str, Status] = {
    **_words(_APPLIED, "applied", "submitted", "sent", "pending", "waiting", "open", "ongoing", "active"),
    **_words(_APPLIED, "in progress", "in review", "under review", "application received", "awaiting response"),
    **_words(_APPLIED, "viewed", "application viewed", "resume viewed", "resume downloaded", "follow up"),
    **_words(_APPLIED, "beworben", "gesendet", "versendet", "verschickt", "abgeschickt", "eingereicht"),
    **_words(_APPLIED, "in bearbeitung", "offen", "ausstehend", "in prufung", "laufend", "warten", "wartend"),
    **_words(_APPLIED, "postule", "postulee", "candidature envoyee", "envoyee", "envoye", "en cours"),
    **_words(_APPLIED, "en attente", "relance", "aplicado", "enviado", "enviada", "postulado", "postulada"),
    **_words(_APPLIED, "pendiente", "en proceso", "en revision", "candidatado", "candidatura enviada"),
    **_words(_APPLIED, "em andamento", "em analise", "aguardando", "pendente", "inviata", "inviato"),
    **_words(_APPLIED, "candidatura inviata", "in corso", "in attesa", "in valutazione", "gesolliciteerd"),
    **_words(_APPLIED, "verstuurd", "verzonden", "in behandeling", "in afwachting", "lopend"),
    **_words(_APPLIED, "basvuruldu", "basvuru yapildi", "gonderildi", "alindi teyidi islemde", "islemde"),
    **_words(_APPLIED, "beklemede", "degerlendirmede"),
    # A reply whose words say no stage. "Selected", in file 16 (a Gmail scraper whose statuses are Pending,
    # Sorry and Selected, coloured yellow, red and green), marks five e-mails about an application: two
    # thank-yous, an assessment's booking, "Information about your application": none an offer. So it is an
    # answer, still open, not an offer; a log whose "Selected" means the job says statuses={"Selected": ...}.
    **_words(_REPLIED, "replied", "responded", "heard back", "response", "selected", "rueckmeldung"),
    **_words(_REPLIED, "ruckmeldung", "reponse recue", "respuesta", "resposta", "risposta", "reactie"),
    **_words(_GHOSTED, "no reply", "no response", "no answer", "never heard back", "ghosted"),
    **_words(_GHOSTED, "keine antwort", "keine ruckmeldung", "sans reponse", "pas de reponse", "sin respuesta"),
    **_words(_GHOSTED, "sem resposta", "nessuna risposta", "geen reactie", "geen antwoord", "yanit yok"),
    **_words(_GHOSTED, "cevap yok"),
    # A tracker app's camelCase states (file 14: applicationIgnored, unresponsive), read as words.
    **_words(_GHOSTED, "application ignored", "ignored", "unresponsive", "no longer responding"),
    # The employer (its recruiter) made the first contact: an answer before any screen.
    **_words(_REPLIED, "recruiter outreach", "recruiter reached out", "contacted by recruiter", "inbound"),
    # "Sorry" is the subject-line word of a rejection e-mail, as file 16's scraper files them.
    **_words(_REJECTED, "rejected", "rejection", "not selected", "unsuccessful", "turned down", "sorry"),
    **_words(_REJECTED, "declined"),  # without an offer, "declined" is the employer's no
    **_words(_REJECTED, "absage", "abgesagt", "abgelehnt", "refuse", "refusee", "refus", "rejetee", "non retenu"),
    **_words(_REJECTED, "non retenue", "rechazado", "rechazada", "descartado", "descartada", "no seleccionado"),
    **_words(_REJECTED, "rejeitado", "rejeitada", "recusado", "recusada", "reprovado", "nao selecionado"),
    **_words(_REJECTED, "rifiutato", "rifiutata", "scartato", "respinto", "non selezionato", "afgewezen"),
    **_words(_REJECTED, "afwijzing", "niet aangenomen", "olumsuz", "olumsuz red", "reddedildi"),
    **_words(_WITHDRAWN, "withdrawn", "withdrew", "i withdrew", "not interested", "zuruckgezogen"),
    **_words(_WITHDRAWN, "retiree", "retire", "desiste", "retirado", "retirada", "desisti", "ritirato"),
    **_words(_WITHDRAWN, "ritirata", "teruggetrokken", "geri cekildi"),
    **_words(_SCREEN, "phone screen", "screen", "screening", "recruiter call", "hr call", "intro call"),
    **_words(_SCREEN, "telefoninterview", "telefongesprach", "telefonat", "entretien telephonique"),
    **_words(_SCREEN, "entrevista telefonica", "colloquio telefonico", "telefonisch gesprek", "telefoongesprek"),
    **_words(_INTERVIEW, "interview", "interviewing", "interview scheduled", "onsite", "final round"),
    **_words(_INTERVIEW, "vorstellungsgesprach", "einladung", "entretien", "entrevista", "colloquio"),
    **_words(_INTERVIEW, "sollicitatiegesprek", "gesprek", "mulakat", "mulakat daveti"),
    **_words(_OFFER, "offer", "offer received", "offered", "negotiating", "angebot", "zusage", "offre"),
    **_words(_OFFER, "oferta", "proposta", "offerta", "aanbod", "teklif"),
    **_words(_HIRED, "offer accepted", "accepted", "hired", "signed", "angenommen", "eingestellt", "embauche"),
    **_words(_HIRED, "embauchee", "contratado", "contratada", "assunto", "assunta", "aangenomen", "ise alindi"),
    **_words(_DECLINED, "offer declined", "declined offer"),
    **_words(_NOT_APPLIED, "bookmarked", "saved", "wishlist", "wish list", "to apply", "applying", "draft"),
    **_words(_NOT_APPLIED, "interested", "gemerkt", "merkliste", "a postuler", "guardado", "salvo", "salvato"),
    **_words(_NOT_APPLIED, "opgeslagen", "kaydedildi"),
}

# A status that names neither a stage nor an ending. A tracker's status list (file 04's: Submitted, Interview
# Scheduled, Rejected, Offer, Other) offers it for "none of these": the row is an application, sent and still
# open as far as the log says. It is read so, and noted, rather than rejecting an application the log has.
_VAGUE_WORDS = frozenset(
    {"other", "others", "misc", "sonstiges", "andere", "autre", "autres", "otro", "otros", "outro", "outros"}
    | {"altro", "overig", "overige", "diger"}
    # A posting suspected to be fake (file 05's "Suspected Ghost Job") says what the person thinks of the job,
    # not that the employer went silent after an answer: the application stands, its outcome still open.
    | {"ghost job", "suspected ghost job", "possible ghost job", "fake job", "fake posting", "fake listing", "scam"}
)

# Otherwise, key words decide: an ending word, and the furthest stage the words mention.
_STAGE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("offer", re.compile(r"\b(offer|angebot|zusage|offre|oferta|proposta|offerta|aanbod|teklif|negotiat\w*)\b")),
    (
        "interview",
        re.compile(
            r"\b(interview\w*|onsite|on site|final round|panel|technical|case study|assessment|"
            r"\w*gesprach|entretien|entrevue|entrevista|colloqui\w*|\w*gesprek|mulakat)\b"
        ),
    ),
    (
        "screen",
        re.compile(
            r"\b(screen\w*|phone call|recruiter call|hr call|intro call|call|telefon\w*|telephon\w*|"
            r"llamada|ligacao|chiamata)\b"
        ),
    ),
)
_OUTCOME_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (  # a positive word negated ("nicht angenommen", "not hired") is a rejection
        "rejected",
        re.compile(
            r"\b(not|nicht|niet|non|no|nao|pas) (hired|angenommen|aangenomen|eingestellt|contratad\w*|"
            r"assunt\w*|embauche\w*|retenu\w*|berucksichtigt)\b"
        ),
    ),
    (
        "declined",
        re.compile(
            r"\b(i declined|declined (the )?offer|offer declined|turned down (the )?offer|"
            r"offer turned down|rejected (the )?offer)\b"
        ),
    ),
    (
        "hired",
        re.compile(
            r"\b(accepted|hired|signed|got the job|angenommen|eingestellt|embauche\w*|contratad\w*|assunt\w*|"
            r"aangenomen|ise alindi)\b"
        ),
    ),
    (
        "withdrawn",
        re.compile(r"\b(withdr\w*|not interested|cancel\w*|zuruckgezogen|desist\w*|ritirat\w*|teruggetrokken)\b"),
    ),
    (
        "ghosted",
        re.compile(
            r"\b(ghost\w*|no reply|no response|no answer|never heard|silence|keine (antwort|ruckmeldung)|"
            r"(sans|pas de) reponse|sin respuesta|sem resposta|nessuna risposta|geen (reactie|antwoord)|"
            r"(yanit|cevap) yok)\b"
        ),
    ),
    (
        "rejected",
        re.compile(
            r"\b(reject\w*|not selected|unsuccessful|not successful|not moving forward|declined|turned down|"
            r"position filled|absage\w*|abgesagt|abgelehnt|refus\w*|rejet\w*|non retenu\w*|rechaz\w*|"
            r"descartad\w*|rejeitad\w*|recusad\w*|reprovad\w*|rifiutat\w*|scartat\w*|respint\w*|afgewezen|"
            r"afwijzing|olumsuz|reddedil\w*)\b"
        ),
    ),
)
_APPLIED_WORDS = re.compile(
    r"\b(appl(y|ied)|submitted|sent|pending|waiting|review|progress|beworben|gesendet|verschickt|eingereicht|"
    r"bearbeitung|ausstehend|envoy\w*|postul\w*|en cours|en attente|enviad\w*|aplicad\w*|pendiente|en proceso|"
    r"candidatad\w*|andamento|aguardando|pendente|inviat\w*|in corso|in attesa|gesolliciteerd|verstuurd|"
    r"verzonden|behandeling|afwachting|basvur\w*|gonderildi|islemde|beklemede)\b"
)
_STAGE_ORDER = ("applied", "screen", "interview", "offer", "hired")


def resolve_status(value: object, extra: dict[str, str] | None = None) -> Status | None:
    """Read a status wording; ``None`` when the words cannot be placed.

    ``extra`` maps a user's own wording to one of the standard phrases (``{"Absage erhalten": "rejected"}``).
    A word that names no stage ("Other") reads as applied and open here; :func:`read_statuses` also says so.
    """
    key = normalise_text(value)
    if not key:
        return _APPLIED
    if extra:
        extra_keys = {normalise_text(k): normalise_text(v) for k, v in extra.items()}
        if key in extra_keys:
            key = extra_keys[key]
    if key in _STATUS_PHRASES:
        return _STATUS_PHRASES[key]
    if key in _VAGUE_WORDS:
        return _APPLIED
    outcome = next((name for name, pattern in _OUTCOME_WORDS if pattern.search(key)), None)
    stage = next((name for name, pattern in _STAGE_WORDS if pattern.search(key)), None)
    if outcome is None and stage is None:
        if _APPLIED_WORDS.search(key):
            return _APPLIED
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


# -------------------------------------------------------------------------------------- typos, unknowns
@dataclass(frozen=True)
class StatusReading:
    """How one status wording was read.

    status    what it says (``None``: nobody knows the word; its rows are rejected)
    typo_of   the one known wording it was read as, when it is a typo of it ("rejcted" -> "rejected")
    near      for an unknown word, the closest known wordings, best first (for "did you mean ...?")
    vague     a word that names no stage or ending ("Other"), read as applied and still open
    """

    status: Status | None
    typo_of: str = ""
    near: tuple[str, ...] = ()
    vague: bool = False


def read_statuses(values: Iterable[object], extra: dict[str, str] | None = None) -> dict[object, StatusReading]:
    """Each distinct status wording read once: by the user's ``extra`` words, as a known phrase, by its key
    words, and failing those as a typo of exactly one known wording (see :func:`typo_of`)."""
    own = {normalise_text(k): resolve_status(v) for k, v in (extra or {}).items()}
    words = {**_STATUS_PHRASES, **dict.fromkeys(_VAGUE_WORDS, _APPLIED), **{k: s for k, s in own.items() if s}}
    found = {}
    for value in values:
        key = normalise_text(value)
        if own.get(key) is not None:
            found[value] = StatusReading(own[key])
        elif key in _VAGUE_WORDS:
            found[value] = StatusReading(_APPLIED, vague=True)
        elif (status := resolve_status(key)) is not None:
            found[value] = StatusReading(status)
        else:
            typo, near = typo_of(key, words)
            found[value] = StatusReading(words[typo], typo_of=typo) if typo else StatusReading(None, near=near)
    return found


def typo_of(key: str, words: dict[str, Status]) -> tuple[str, tuple[str, ...]]:
    """The one known wording ``key`` (normalised) is a typo of, or ""; and the closest wordings, best first.

    A typo is at most one edit away (two for words of nine letters or more: "reeejected"), keeps the first
    letter ("Fired" is not "hired"), and is a word of five letters or more (a short word is too easily
    another word: "TBD" is nothing, "Ofer" only a "did you mean"). Two wordings equally close that mean
    different things are no typo, only a "did you mean" with both; two that mean the same ("rechazado",
    "rechazada") are one reading.
    """
    if len(key) < 3:
        return "", ()
    reach = 1 if len(key) <= 4 else max(2, len(key) // 4)
    close = process.extract(key, list(words), scorer=Levenshtein.distance, score_cutoff=reach, limit=None)
    if not close:
        return "", ()
    close.sort(key=lambda found: (found[1], found[0]))
    best = close[0][1]
    nearest = [word for word, distance, _ in close if distance == best]
    allowed = 0 if len(key) <= 4 else 1 if len(key) <= 8 else 2
    if best <= allowed and len({words[word] for word in nearest}) == 1 and nearest[0][0] == key[0]:
        return nearest[0], ()
    return "", tuple(dict.fromkeys(word for word, _, _ in close))[:3]


_OUTCOME_LABELS = {"ghosted": "no reply", "rejected": "rejected", "withdrawn": "withdrawn", "hired": "offer accepted"}
_STAGE_LABELS = {"applied": "applied", "screen": "phone screen", "interview": "interview", "offer": "offer"}


def status_label(status: Status) -> str:
    """A status in the standard words: "rejected", "phone screen", "offer declined", "saved", ..."""
    if not status.applied:
        return "saved"
    if status.outcome == "declined":
        return "offer declined"
    if status.outcome != "open":
        return _OUTCOME_LABELS[status.outcome]
    if status.stage == "applied" and status.replied:
        return "replied"
    return _STAGE_LABELS.get(status.stage, status.stage)


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
            r"company|workday|greenhouse|lever|ats|employer site|own site|ashby|icims|smartrecruiters|"
            r"workable|breezy\w*|bamboohr|jobvite|taleo|successfactors|personio|recruitee|teamtailor|jazzhr|"
            r"direct email|applied directly)\b"
        ),
    ),
    (
        "job_board",
        re.compile(
            r"\b(linkedin|indeed|glassdoor|ziprecruiter|monster|stepstone|seek|dice|handshake|"
            r"wellfound|angellist|angel list|otta|xing|reed|totaljobs|careerbuilder|usajobs|"
            r"idealist|remoteok|simplify|easy apply|job ?board|board|job ?site|job portal|"
            r"portal|welcome to the jungle|jobs? ?(site|website)|jobteaser|naukri|"
            r"arbeitsagentur|pole emploi|france travail|infojobs|built ?in( \w+)?|swooped|work ?at ?a ?startup|"
            r"hacker ?news|who is hiring|hn|engmgrjobs|jobright|hiring cafe|dice|jobs?lists?)\b"
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
