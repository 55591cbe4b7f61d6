"""The course's record of every play: an append-only table of decision events and the current state of each play.

SQLite in the course folder by default (``<course>/cases.db``, write-ahead log), or any SQLAlchemy URL
(PostgreSQL for a larger deployment), as nbgrader's gradebook does. The service is the only writer; grading
and the coach's reports read it.

- ``plays``: one row per trainee, assignment and mode (``graded`` or ``practice``): the choices that stand,
  the order each moment's options were shown in, the variant, when the choices were made final.
- ``events``: every decision recorded or refused, every play opened and finished, with the service's clock.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import sqlalchemy as sa

STORE_FILE = "cases.db"
GRADED, PRACTICE = "graded", "practice"

metadata = sa.MetaData()

plays = sa.Table(
    "plays", metadata,
    sa.Column("trainee", sa.String(200), primary_key=True),
    sa.Column("assignment", sa.String(200), primary_key=True),
    sa.Column("mode", sa.String(20), primary_key=True),
    sa.Column("scenario", sa.String(200), nullable=False),
    sa.Column("variant", sa.String(250), nullable=False),
    sa.Column("choices", sa.Text, nullable=False, default="{}"),
    sa.Column("shown", sa.Text, nullable=False, default="{}"),
    sa.Column("finished_at", sa.String(40)),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("trainee", sa.String(200), nullable=False, index=True),
    sa.Column("assignment", sa.String(200), nullable=False, index=True),
    sa.Column("mode", sa.String(20), nullable=False),
    # opened, decided, refused, finished
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("point", sa.String(200)),
    sa.Column("options", sa.Text),
    sa.Column("shown", sa.Text),
    sa.Column("reason", sa.Text),
)


def now() -> str:
    """The service's clock (UTC, to the millisecond)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


SETTINGS_FILE = "case-service.json"  # in the course folder: {"db_url": ...} when the record is not the default


def configured_url(course: Union[str, Path]) -> Optional[str]:
    """The database URL a course's record was configured with (None: the default SQLite file)."""
    try:
        url = json.loads((Path(course) / SETTINGS_FILE).read_text(encoding="utf-8")).get("db_url")
    except (OSError, ValueError, AttributeError):
        return None
    return url if isinstance(url, str) and url else None


def store_url(course: Union[str, Path], url: Optional[str] = None) -> str:
    """The record's database URL: ``url`` when given, else the course's configured one, else SQLite in the
    course folder (``cases.db``)."""
    return url or configured_url(course) or f"sqlite:///{Path(course).resolve() / STORE_FILE}"


@dataclass
class PlayRow:
    """One play's current state, as stored."""

    trainee: str
    assignment: str
    mode: str
    scenario: str
    variant: str
    choices: dict
    shown: dict
    finished_at: Optional[str]
    started_at: str
    updated_at: str


def _row(r) -> PlayRow:
    return PlayRow(r.trainee, r.assignment, r.mode, r.scenario, r.variant, json.loads(r.choices or "{}"),
                   json.loads(r.shown or "{}"), r.finished_at, r.started_at, r.updated_at)


class Store:
    """The record: plays and their events."""

    def __init__(self, url: str):
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine = sa.create_engine(url, future=True, **({"connect_args": {"timeout": 30}} if sqlite else {}))
        if sqlite:
            @sa.event.listens_for(self.engine, "connect")
            def _pragmas(conn, _record):  # noqa: ANN001 - SQLAlchemy's hook
                cursor = conn.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()
        metadata.create_all(self.engine)

    @classmethod
    def for_course(cls, course: Union[str, Path], url: Optional[str] = None) -> "Store":
        return cls(store_url(course, url))

    def close(self) -> None:
        self.engine.dispose()

    # --- reading -------------------------------------------------------------------

    def play(self, trainee: str, assignment: str, mode: str = GRADED) -> Optional[PlayRow]:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(plays).where(plays.c.trainee == trainee, plays.c.assignment == assignment,
                                                    plays.c.mode == mode)).first()
        return _row(r) if r is not None else None

    def plays(self, assignment: Optional[str] = None, mode: str = GRADED) -> list[PlayRow]:
        query = sa.select(plays).where(plays.c.mode == mode)
        if assignment is not None:
            query = query.where(plays.c.assignment == assignment)
        with self.engine.connect() as conn:
            return [_row(r) for r in conn.execute(query.order_by(plays.c.assignment, plays.c.trainee))]

    def events(self, assignment: Optional[str] = None, trainee: Optional[str] = None, mode: Optional[str] = GRADED,
               after: int = 0) -> list[dict]:
        """Events in the order they happened (``after``: only those with a larger id)."""
        query = sa.select(events).where(events.c.id > after)
        if assignment is not None:
            query = query.where(events.c.assignment == assignment)
        if trainee is not None:
            query = query.where(events.c.trainee == trainee)
        if mode is not None:
            query = query.where(events.c.mode == mode)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(events.c.id)).mappings().all()
        out = []
        for r in rows:
            item = dict(r)
            for k in ("options", "shown"):
                item[k] = json.loads(item[k]) if item[k] else None
            out.append(item)
        return out

    def last_event_id(self, assignment: Optional[str] = None) -> int:
        """The id of the newest event (of an assignment): a cheap way to tell whether anything changed."""
        query = sa.select(sa.func.max(events.c.id))
        if assignment is not None:
            query = query.where(events.c.assignment == assignment)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar() or 0

    # --- writing: one transaction per change, the event and the state together -------------

    def open_play(self, trainee: str, assignment: str, mode: str, scenario: str, variant: str) -> PlayRow:
        """The play, made (and logged as opened) the first time it is asked for."""
        existing = self.play(trainee, assignment, mode)
        if existing is not None:
            return existing
        at = now()
        with self.engine.begin() as conn:
            try:
                conn.execute(plays.insert().values(trainee=trainee, assignment=assignment, mode=mode, scenario=scenario,
                                                   variant=variant, choices="{}", shown="{}", started_at=at,
                                                   updated_at=at))
            except sa.exc.IntegrityError:  # made by another request just now
                pass
            else:
                conn.execute(events.insert().values(at=at, trainee=trainee, assignment=assignment, mode=mode,
                                                    kind="opened"))
        return self.play(trainee, assignment, mode)

    def record(self, row: PlayRow, point: str, options: list[str], shown: list[str]) -> str:
        """Record an accepted decision: the event, then the play's new state, in one transaction."""
        at = now()
        with self.engine.begin() as conn:
            conn.execute(events.insert().values(at=at, trainee=row.trainee, assignment=row.assignment, mode=row.mode,
                                                kind="decided", point=point, options=json.dumps(options),
                                                shown=json.dumps(shown)))
            conn.execute(plays.update().where(plays.c.trainee == row.trainee, plays.c.assignment == row.assignment,
                                              plays.c.mode == row.mode)
                         .values(choices=json.dumps(row.choices), shown=json.dumps(row.shown), updated_at=at))
        row.updated_at = at
        return at

    def refuse(self, trainee: str, assignment: str, mode: str, point, options, reason: str) -> str:
        """Keep a refused decision (what was asked and why it was refused)."""
        at = now()
        with self.engine.begin() as conn:
            conn.execute(events.insert().values(
                at=at, trainee=trainee, assignment=assignment, mode=mode, kind="refused",
                point=str(point)[:200] if point is not None else None,
                options=json.dumps(options if isinstance(options, list) else str(options))[:5000], reason=reason))
        return at

    def finish(self, row: PlayRow) -> str:
        at = row.finished_at or now()
        with self.engine.begin() as conn:
            conn.execute(events.insert().values(at=at, trainee=row.trainee, assignment=row.assignment, mode=row.mode,
                                                kind="finished"))
            conn.execute(plays.update().where(plays.c.trainee == row.trainee, plays.c.assignment == row.assignment,
                                              plays.c.mode == row.mode)
                         .values(finished_at=at, updated_at=at))
        row.finished_at = row.updated_at = at
        return at
