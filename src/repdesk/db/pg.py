"""Team mode: the store on a PostgreSQL server (psycopg 3), each rep kept to their rows by the server.

:class:`PgStore` is what ``Store("postgresql://…")`` opens. It hands writes/ and figures/ the same
DB-API surface as SQLite — ``conn.execute(sql, params)`` with ``?`` or ``:name`` placeholders,
rows readable by index and by column name, instants as the same naive-UTC text, sums of integers
as integers — so one portable SQL text serves both engines.

Privacy is the server's: every table has a ``rep`` column that defaults to the connecting role and
row-level security (set by :func:`init_team`) that lets a rep's role see and change only its own
rows, and a manager's role read every row and change none. Passwords never leave this module
except in the one connection string ``team add-rep``/``add-manager`` prints.

Imported only when the database named is a ``postgresql://`` URL: psycopg stays off the hot path
of a rep who works on a local file.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from repdesk.db.connect import HEAD, REVISIONS, Change, Store
from repdesk.domain.dates import DB_FORMAT
from repdesk.domain.errors import InputError, ProgramError

TYPE_CHECKING = False  # typing stays off the hot path
if TYPE_CHECKING:
    from typing import Any

REP_ROLE = "repdesk_rep"
MANAGER_ROLE = "repdesk_manager"
READ_ONLY = "read-only: a manager's role cannot write"
CONNECT_TIMEOUT_S = 4  # per address: a name with an IPv4 and an IPv6 address stays within 10 s
#: tables whose rows hang off a prospect: a rep may only attach them to a prospect of their own
CHILDREN = {"touch": "prospect_id", "meeting": "prospect_id", "deal": "prospect_id", "followup": "prospect_id"}
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def is_url(target: str) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a file."""
    return target.startswith(("postgresql://", "postgres://"))


def masked(url: str) -> str:
    """The connection string with its password replaced by ``***``."""
    parts = urlsplit(url)
    query = re.sub(r"(?i)(^|&)(password)=[^&]*", r"\1\2=***", parts.query)
    if parts.password is None:
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def host_port(url: str) -> str:
    """``host:port`` of a connection string (the defaults filled in), for error messages."""
    try:
        parts = urlsplit(url)
        port = parts.port or 5432
    except ValueError:
        return "the server named"
    return f"{parts.hostname or 'localhost'}:{port}"


def _reason(exc: Exception) -> str:
    """The server's or the network's own words for a failed connection, on one line, no secrets."""
    text = str(exc).strip()
    for marker in ("FATAL:", "failed:"):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    text = " ".join(text.split())
    text = re.sub(r' for user "[^"]*"', "", text)
    return text.split(" Is the server running")[0].strip() or type(exc).__name__


def connect(url: str) -> Any:
    """A psycopg connection in autocommit mode (transactions are explicit), or exit 1 naming the host."""
    import psycopg

    try:
        urlsplit(url).port  # noqa: B018 - a malformed port raises here, before any network
    except ValueError:
        raise InputError(f"not a valid connection string: {masked(url)}") from None
    try:
        conn = psycopg.connect(
            url,
            autocommit=True,
            connect_timeout=CONNECT_TIMEOUT_S,
            options="-c DateStyle=ISO -c TimeZone=UTC",
            application_name="repdesk",
        )
    except psycopg.Error as exc:
        raise ProgramError(f"cannot connect to {host_port(url)}: {_reason(exc)}") from None
    _adapt(conn)
    return conn


def server_error(exc: Exception) -> tuple[int, str]:
    """The exit code and one line for an error the server raised mid-command."""
    import psycopg.errors as e

    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, e.InsufficientPrivilege):
        return 2, f"not allowed: {first}"
    if isinstance(exc, e.IntegrityError):
        return 2, f"refused by the team database: {first}"
    if isinstance(exc, e.OperationalError):
        return 1, f"team database: {first}"
    return 1, f"team database error: {first}"


def _adapt(conn: Any) -> None:
    """Load values as SQLite hands them over: instants as the stored text, integral sums as int."""
    from psycopg.adapt import Loader

    class InstantText(Loader):
        def load(self, data: Any) -> str:
            text = bytes(data).decode()
            if text[-3:] in ("+00", "-00"):  # timestamptz, shown in UTC (the session's zone)
                text = text[:-3]
            if "." not in text:
                text += ".000000"
            else:
                head, frac = text.split(".")
                text = f"{head}.{frac:0<6}"
            return text

    class Number(Loader):
        def load(self, data: Any) -> int | float:
            text = bytes(data).decode()
            if "." in text or "e" in text.lower() or "n" in text.lower():
                return float(text)
            return int(text)

    conn.adapters.register_loader("timestamp", InstantText)
    conn.adapters.register_loader("timestamptz", InstantText)
    conn.adapters.register_loader("numeric", Number)
    conn.row_factory = _rows
    assert DB_FORMAT == "%Y-%m-%d %H:%M:%S.%f"  # the text InstantText writes


class Row(tuple):  # type: ignore[type-arg]
    """A row readable by position and by column name, like :class:`sqlite3.Row`."""

    _index: dict[str, int]

    def __new__(cls, values: Any, index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _rows(cursor: Any) -> Any:
    index = {d.name: i for i, d in enumerate(cursor.description or ())}
    return lambda values: Row(values, index)


@lru_cache(maxsize=512)
def translate(sql: str, with_params: bool) -> str:
    """SQLite's placeholders (``?``, ``:name``) as psycopg's (``%s``, ``%(name)s``), outside quotes."""
    if sql.startswith("BEGIN IMMEDIATE"):
        return "BEGIN"
    if not with_params:
        return sql
    out = []
    for i, part in enumerate(re.split(r"('(?:[^']|'')*')", sql.replace("%", "%%"))):
        if i % 2:  # a quoted literal
            out.append(part)
        else:
            part = part.replace("?", "%s")
            out.append(re.sub(r"(?<![:\w]):([A-Za-z_]\w*)", r"%(\1)s", part))
    return "".join(out)


class PgConn:
    """The DB-API surface writes/ and figures/ use, over a psycopg connection."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.raw.execute(translate(sql, bool(params)), params or None)

    def executemany(self, sql: str, rows: Any) -> Any:
        cur = self.raw.cursor()
        cur.executemany(translate(sql, True), rows)
        return cur

    @property
    def in_transaction(self) -> bool:
        """Like :attr:`sqlite3.Connection.in_transaction`: a transaction is open."""
        return int(self.raw.info.transaction_status) != 0  # 0 is IDLE

    def close(self) -> None:
        self.raw.close()


class PgStore(Store):
    """A rep's (or a manager's) view of the team database."""

    engine = "postgresql"
    touch_totals = False  # no triggers keep the totals or prospect_state here: figures read touch and meeting
    caches_figures = False  # nor figure_cache's versions: figures are computed

    def __init__(self, path: str, *, create: bool = True, empty_if_missing: bool = False) -> None:  # noqa: ARG002
        self.url = path
        self.path = masked(path)  # what messages may show
        self.conn = PgConn(connect(path))  # type: ignore[assignment]
        self.role = str(self.conn.execute("SELECT current_user").fetchone()[0])
        self.read_only = self.member_of(MANAGER_ROLE)
        rev = self.revision()
        if rev != HEAD:
            self.conn.close()
            if rev is None:
                raise InputError(
                    f"{self.path} is not a repdesk team database: an administrator runs `repdesk team init --db URL`"
                )
            if rev not in REVISIONS:
                raise InputError(
                    f"{self.path} was written by a newer release of repdesk (schema {rev}); upgrade repdesk"
                )
            raise InputError(
                f"{self.path} is at schema {rev}: an administrator upgrades it with `repdesk team init` of this release"
            )

    def member_of(self, group: str) -> bool:
        """Whether the connecting role was made a member of ``group`` (not merely a superuser)."""
        return (
            self.conn.execute(
                "SELECT 1 FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
                " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ? AND m.rolname = current_user",
                (group,),
            ).fetchone()
            is not None
        )

    def revision(self) -> str | None:
        """The schema revision, ``None`` when the database has no repdesk schema."""
        if self.conn.execute("SELECT to_regclass('alembic_version')").fetchone()[0] is None:
            return None
        row = self.conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def write(self, label: str | None = None) -> Iterator[Change]:
        """One write transaction; refused up front for a manager's role."""
        if self.read_only:
            raise InputError(READ_ONLY)
        with super().write(label) as change:
            yield change


# -- administration: team init, add-rep, add-manager ------------------------------------------


def _admin(url: str) -> Any:
    conn = connect(url)
    conn.row_factory = _plain_rows
    return conn


def _plain_rows(cursor: Any) -> Any:
    return tuple


def migrate(url: str) -> None:
    """Bring the team database to the head revision with the same Alembic migrations as SQLite."""
    from alembic import command
    from sqlalchemy import create_engine

    from repdesk.db.migrate import alembic_config

    engine = create_engine(
        "postgresql+psycopg://" + url.split("://", 1)[1],
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "options": "-c DateStyle=ISO -c TimeZone=UTC"},
    )
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()


def init_team(url: str) -> list[str]:
    """Create or upgrade the schema, the group roles, the grants and the row-level security.

    Idempotent: run again it migrates (if this release is newer) and re-applies the same policies.
    Returns the tables secured.
    """
    import psycopg

    conn = _admin(url)
    try:
        for role in (REP_ROLE, MANAGER_ROLE):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone() is None:
                conn.execute(f"CREATE ROLE {role} NOLOGIN")
    except psycopg.Error as exc:
        raise InputError(f"team init needs a role that may create roles: {_one_line(exc)}") from None
    finally:
        conn.close()
    migrate(url)
    conn = _admin(url)
    try:
        with conn.transaction():
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    " AND column_name = 'rep' ORDER BY table_name"
                )
            ]
            conn.execute(f"GRANT USAGE ON SCHEMA {_schema(conn)} TO {REP_ROLE}, {MANAGER_ROLE}")
            conn.execute(f"GRANT SELECT ON alembic_version TO {REP_ROLE}, {MANAGER_ROLE}")
            for table in tables:
                conn.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
                conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {REP_ROLE}")
                conn.execute(f"GRANT SELECT ON {table} TO {MANAGER_ROLE}")
                conn.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {MANAGER_ROLE}")
                own = "rep = current_user"
                check = own
                if table in CHILDREN:  # a rep may attach rows only to a prospect they can see: their own
                    check += f" AND {CHILDREN[table]} IN (SELECT id FROM prospect)"
                elif table == "icp_answer":
                    check += " AND prospect_id IN (SELECT id FROM prospect)"
                    check += " AND criterion_id IN (SELECT id FROM icp_criterion)"
                conn.execute(f"DROP POLICY IF EXISTS rep_own_rows ON {table}")
                conn.execute(
                    f"CREATE POLICY rep_own_rows ON {table} FOR ALL TO {REP_ROLE} USING ({own}) WITH CHECK ({check})"
                )
                conn.execute(f"DROP POLICY IF EXISTS manager_reads ON {table}")
                conn.execute(f"CREATE POLICY manager_reads ON {table} FOR SELECT TO {MANAGER_ROLE} USING (true)")
            for (seq,) in conn.execute(
                "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
            ).fetchall():
                conn.execute(f"GRANT USAGE, SELECT ON SEQUENCE {seq} TO {REP_ROLE}")
    except psycopg.Error as exc:
        raise InputError(f"team init: {_one_line(exc)}") from None
    finally:
        conn.close()
    return tables


def _schema(conn: Any) -> str:
    return str(conn.execute("SELECT quote_ident(current_schema())").fetchone()[0])


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def add_member(url: str, name: str, *, manager: bool) -> str:
    """Create a login role for a rep (or a manager) with a generated password; its connection string."""
    import psycopg

    if not _NAME.fullmatch(name) or name.startswith("pg_") or name in (REP_ROLE, MANAGER_ROLE):
        raise InputError(
            f"{name!r} cannot be a role name: use lower-case letters, digits and _ (up to 63), not starting with pg_"
        )
    password = secrets.token_urlsafe(24)
    conn = _admin(url)
    try:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (REP_ROLE,)).fetchone() is None:
            raise InputError("run `repdesk team init --db URL` first: the team's roles do not exist yet")
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None:
            raise InputError(f"a role named {name!r} already exists on this server")
        group = MANAGER_ROLE if manager else REP_ROLE
        quoted = conn.execute("SELECT quote_literal(%s)", (password,)).fetchone()[0]
        with conn.transaction():
            conn.execute(f"CREATE ROLE {name} LOGIN PASSWORD {quoted} IN ROLE {group}")
            dbname = conn.execute("SELECT quote_ident(current_database())").fetchone()[0]
            conn.execute(f"GRANT CONNECT ON DATABASE {dbname} TO {name}")
    except psycopg.Error as exc:
        raise InputError(f"cannot add {name!r}: {_one_line(exc)}") from None
    finally:
        conn.close()
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{quote(name)}:{quote(password, safe='')}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def unquoted_user(url: str) -> str:
    """The role a connection string logs in as."""
    return unquote(urlsplit(url).username or "")
