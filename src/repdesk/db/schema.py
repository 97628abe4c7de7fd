"""The tables, defined once. The Alembic migrations are written from these models.

Money is integer minor units (cents); instants are naive UTC datetimes; enumerations are
text checked by the service layer against :mod:`repdesk.vocab`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel


class Prospect(SQLModel, table=True):
    """An account the rep is working: a company plus its main contact."""

    __table_args__ = {"sqlite_autoincrement": True}  # ids are never handed out twice

    id: int | None = Field(default=None, primary_key=True)
    company: str = Field(index=True)
    contact: str | None = None
    title: str | None = None
    seniority: str = "unknown"
    email: str | None = None
    phone: str | None = None
    website: str | None = None
    industry: str | None = None
    employees: int | None = None
    region: str | None = None
    source: str | None = None
    pain_points: str | None = None
    notes: str | None = None
    created_at: datetime = Field(index=True)
    churned_at: datetime | None = None
    archived: bool = False
    source_id: str | None = Field(default=None, unique=True, index=True)
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class Touch(SQLModel, table=True):
    """One outreach attempt and its current outcome."""

    __table_args__ = (Index("ix_touch_prospect_at", "prospect_id", "at"), {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=Column(Integer, ForeignKey("prospect.id", ondelete="CASCADE"), nullable=False))
    at: datetime = Field(index=True)
    channel: str
    outcome: str
    minutes: int | None = None
    note: str | None = None
    source_id: str | None = Field(default=None, unique=True, index=True)
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class TouchHour(SQLModel, table=True):
    """Touches per UTC hour (``YYYY-MM-DD HH``), channel and outcome: kept by triggers on ``touch``
    (SQLite; migration 0007) so that a window's counts add up hours, not rows."""

    __tablename__ = "touch_hour"
    __table_args__ = {"sqlite_with_rowid": False}

    hour: str = Field(primary_key=True)
    channel: str = Field(primary_key=True)
    outcome: str = Field(primary_key=True)
    touches: int
    minutes: int
    timed: int


class TouchDay(SQLModel, table=True):
    """Touches per UTC day (``YYYY-MM-DD``), channel and outcome: kept by triggers on ``touch``
    (SQLite; migration 0010) so that a window's counts add up days, not hours."""

    __tablename__ = "touch_day"
    __table_args__ = {"sqlite_with_rowid": False}

    day: str = Field(primary_key=True)
    channel: str = Field(primary_key=True)
    outcome: str = Field(primary_key=True)
    touches: int
    minutes: int
    timed: int


class MeetingDay(SQLModel, table=True):
    """Meetings per UTC day (``YYYY-MM-DD``), status and kind: kept by triggers on ``meeting``
    (SQLite; migration 0012) so that a window's meeting counts add up days, not meetings."""

    __tablename__ = "meeting_day"
    __table_args__ = {"sqlite_with_rowid": False}

    day: str = Field(primary_key=True)
    status: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)
    meetings: int


class ProspectState(SQLModel, table=True):
    """A prospect's latest touch, the instant of its last hit and the touches since (its attempts):
    kept by triggers on ``touch`` (SQLite; migration 0011) so that the day's queue reads one row
    per prospect. A prospect without touches has no row."""

    __tablename__ = "prospect_state"

    prospect_id: int = Field(primary_key=True)
    last_id: int
    last_at: datetime
    last_channel: str
    last_outcome: str
    last_hit_at: datetime | None = None
    attempts: int


class FigureCache(SQLModel, table=True):
    """A figure that depends on no date, kept between runs (SQLite; migration 0013): ``version`` counts
    the writes of the rows it reads (bumped by triggers), ``value`` (JSON) is the figure as the release
    ``program`` computed it at ``value_version``, used while both still match."""

    __tablename__ = "figure_cache"

    name: str = Field(primary_key=True)
    version: int
    value_version: int | None = None
    program: str | None = None
    value: str | None = None


class Meeting(SQLModel, table=True):
    """An appointment with a prospect."""

    __table_args__ = (
        Index("ix_meeting_status_at", "status", "at"),
        Index("ix_meeting_status_kind_at", "status", "kind", "at"),  # first meetings held in a window, from the index
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(
        sa_column=Column(Integer, ForeignKey("prospect.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    at: datetime = Field(index=True)
    kind: str = "first"
    goal: str | None = None
    status: str = "scheduled"
    outcome: str | None = None
    next_step: str | None = None
    note: str | None = None
    source_id: str | None = Field(default=None, unique=True, index=True)
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class Deal(SQLModel, table=True):
    """An opportunity: opened, proposal sent, then won or lost."""

    __table_args__ = (
        # a window's won and lost deals, their value and proposals, from the index alone
        Index("ix_deal_status_closed", "status", "closed_at", "value_cents", "proposal_at"),
        {"sqlite_autoincrement": True},  # ids are never handed out twice
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(
        sa_column=Column(Integer, ForeignKey("prospect.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    title: str | None = None
    value_cents: int = 0
    opened_at: datetime
    proposal_at: datetime | None = Field(default=None, index=True)
    proposal_value_cents: int | None = None
    closed_at: datetime | None = Field(default=None, index=True)
    status: str = "open"
    lost_reason: str | None = None
    source_id: str | None = Field(default=None, unique=True, index=True)
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class Followup(SQLModel, table=True):
    """A next step with a prospect: due on a day (optionally at a time), open until done or cancelled.

    ``auto`` follow-ups are left by touches and meetings; ``origin`` says how it was
    set (``manual``, ``outcome`` — by the touch's outcome —, ``next`` — by ``--next`` —, ``meeting``,
    ``snoozed``), ``touch_id`` the touch that scheduled it and ``closed_by`` the touch that closed
    it, so that editing or deleting a touch can reschedule or reverse exactly what it did.
    """

    __table_args__ = (
        Index("ix_followup_status_due", "status", "due"),
        Index("ix_followup_prospect_status", "prospect_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    prospect_id: int = Field(sa_column=Column(Integer, ForeignKey("prospect.id", ondelete="CASCADE"), nullable=False))
    due: str  # ISO date, local day
    time: str | None = None  # HH:MM wall time, or none
    channel: str = "call"
    note: str | None = None
    status: str = "open"
    auto: bool = False
    origin: str = "manual"
    touch_id: int | None = None
    meeting_id: int | None = None
    closed_by: int | None = None
    created_at: datetime
    done_at: datetime | None = None
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode
    source_id: str | None = Field(default=None, unique=True, index=True)


class Target(SQLModel, table=True):
    """A revenue target for a month (``2026-11``) or a quarter (``2026-Q4``)."""

    __table_args__ = {"sqlite_autoincrement": True}  # ids are never handed out twice

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(unique=True)
    start: str  # ISO date, first day of the period
    end: str  # ISO date, last day of the period
    revenue_cents: int
    avg_deal_cents: int | None = None
    daily_goal: int | None = None
    workdays: str = "mon,tue,wed,thu,fri"
    off_dates: str = ""  # comma-separated ISO dates
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class IcpCriterion(SQLModel, table=True):
    """One criterion of the ideal customer profile."""

    __tablename__ = "icp_criterion"
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    label: str
    rule: str
    field: str | None = None
    choices: str | None = None  # JSON list, for ``choice``
    min_value: float | None = None
    max_value: float | None = None
    level: str | None = None  # for ``min_seniority``
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class IcpAnswer(SQLModel, table=True):
    """The rep's yes/no on a manual criterion for one prospect."""

    __tablename__ = "icp_answer"

    prospect_id: int = Field(sa_column=Column(Integer, ForeignKey("prospect.id", ondelete="CASCADE"), primary_key=True))
    criterion_id: int = Field(
        sa_column=Column(Integer, ForeignKey("icp_criterion.id", ondelete="CASCADE"), primary_key=True)
    )
    value: bool
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class Setting(SQLModel, table=True):
    """A setting, stored as text."""

    key: str = Field(primary_key=True)
    value: str
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode


class Journal(SQLModel, table=True):
    """One write the rep made, with what undoes it (a JSON list of inverse operations)."""

    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    label: str
    ops: str
    undone: bool = False  # undone and not yet redone: ``ops`` then redo it
    rep: str = Field(default="local", sa_column_kwargs={"server_default": "local"})  # the rep's role in team mode
