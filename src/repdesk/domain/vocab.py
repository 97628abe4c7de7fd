"""The words of the domain: enumerations shared by the models, the store and the commands.

Kept free of imports so that the commands a rep runs all day can use it at no cost.
"""

SENIORITIES = ("individual", "manager", "director", "vp", "c_level", "unknown")
#: seniority order for ``min_seniority`` ICP rules (``unknown`` is not ranked)
SENIORITY_RANK = {"individual": 0, "manager": 1, "director": 2, "vp": 3, "c_level": 4}
SOURCES = ("referral", "inbound", "outbound", "linkedin", "event", "partner", "customer", "other")
CHANNELS = ("call", "email", "visit", "social", "other")
OUTCOMES = (
    "no_answer",
    "busy",
    "voicemail",
    "gatekeeper",
    "wrong_number",
    "bounced",
    "sent",
    "connected",
    "replied",
    "not_interested",
    "meeting_booked",
)
HIT_OUTCOMES = ("connected", "replied", "not_interested", "meeting_booked")
CHANNEL_OUTCOMES = {
    "call": (
        "no_answer",
        "busy",
        "voicemail",
        "gatekeeper",
        "wrong_number",
        "connected",
        "not_interested",
        "meeting_booked",
    ),
    "email": ("sent", "bounced", "replied", "not_interested", "meeting_booked"),
    "social": ("sent", "replied", "not_interested", "meeting_booked"),
    "visit": ("no_answer", "gatekeeper", "connected", "not_interested", "meeting_booked"),
    "other": OUTCOMES,
}
MEETING_KINDS = ("first", "follow_up", "demo", "site_visit", "proposal", "other")
MEETING_STATUSES = ("scheduled", "held", "no_show", "cancelled", "rescheduled")
MEETING_OUTCOMES = ("advanced", "no_decision", "disqualified")
GOALS = ("demo", "trial", "site_visit", "evaluation", "proposal", "other")
DEAL_STATUSES = ("open", "won", "lost")
LOST_REASONS = ("price", "timing", "competitor", "no_budget", "no_decision", "bad_fit", "ghosted", "other")
ICP_RULES = ("choice", "range", "min_seniority", "manual")
#: prospect fields an ICP rule may look at
ICP_TEXT_FIELDS = ("industry", "region", "source", "seniority", "title", "company", "website", "email")
ICP_NUMERIC_FIELDS = ("employees",)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EMPLOYEE_BANDS = (
    (1, 10, "1–10"),
    (11, 50, "11–50"),
    (51, 200, "51–200"),
    (201, 1000, "201–1000"),
    (1001, None, "1001+"),
)

#: settings and their defaults (all stored as text)
SETTING_DEFAULTS: dict[str, str] = {
    "rep_name": "",
    "currency": "USD",
    "timezone": "",
    "window_days": "90",
    "daily_goal": "",
    "rates.booked": "0.05",
    "rates.show": "0.90",
    "rates.proposal": "0.60",
    "rates.win": "0.35",
    "cadence.retry": "2",
    "cadence.nurture": "5",
    "cadence.after_meeting": "1",
    "cadence.recycle": "90",
    "cadence.customer": "90",
    "cadence.max_attempts": "8",
}
#: the cadence settings of follow-ups: name → (lowest, highest) value
CADENCE_LIMITS = {
    "cadence.retry": (0, 365),
    "cadence.nurture": (0, 365),
    "cadence.after_meeting": (0, 365),
    "cadence.recycle": (1, 3650),
    "cadence.customer": (1, 3650),
    "cadence.max_attempts": (1, 1000),
}
FOLLOWUP_STATUSES = ("open", "done", "cancelled")
#: the automatic next step of a touch by its outcome: (cadence setting, working days?) or None
OUTCOME_CADENCE = {
    "no_answer": ("cadence.retry", True),
    "busy": ("cadence.retry", True),
    "voicemail": ("cadence.retry", True),
    "gatekeeper": ("cadence.retry", True),
    "sent": ("cadence.retry", True),
    "connected": ("cadence.nurture", True),
    "replied": ("cadence.nurture", True),
    "not_interested": ("cadence.recycle", False),
    "meeting_booked": None,
    "wrong_number": None,
    "bounced": None,
}

#: limits on free text
MAX_NAME = 500  # a name or title
MAX_TEXT = 100_000  # a note, pain point or other free text: a pasted e-mail thread is kept whole
