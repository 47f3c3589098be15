"""`claim db grant-reader`: a PostgreSQL role that reads the reporting views and nothing else.

A new role is created for the purpose. An existing role is another matter: it may be a
person's, a BI tool's, or the application's own, and taking rights away from it can lock
people out. So the change is planned first — what the role gains (the views, sessions that
start read-only) and what it loses (rights on the tables, CREATE in the schema) — and a role
that would lose anything is changed only once the caller confirms (``confirmed``). Role
attributes (SUPERUSER, LOGIN, CREATEDB, CREATEROLE) of an existing role are never touched; a
superuser, a role that owns the tables, or the role the command is connected as are refused:
read-only defaults on them would stop the application itself.

Identifiers cannot be bound parameters: the role name is checked against a strict pattern and
quoted by the dialect. Views run with their owner's rights, so a reader needs no right on the
tables behind them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from claimtracker.errors import Conflict, InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from claimtracker.db.url import DatabaseTarget

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")


@dataclass
class ReaderPlan:
    """What making ``role`` a reader would change."""

    role: str
    exists: bool
    views: list[str]
    gains: list[str] = field(default_factory=list)
    losses: list[str] = field(default_factory=list)


def _checked(target: DatabaseTarget, role: str) -> None:
    if target.backend != "postgresql":
        raise InvalidInput(
            "grant-reader is for PostgreSQL; a SQLite file is read with its "
            "file permissions (claim report --sql is read-only)"
        )
    if not _ROLE_NAME.fullmatch(role):
        raise InvalidInput(
            f"invalid role name {role!r}: lower-case letters, digits and _, at most 63"
        )


def _table_rights(conn: Connection, role: str) -> list[str]:
    """The rights ``role`` holds on the schema's tables, table by table ("claim: SELECT")."""
    privileges = ("SELECT", *_WRITES)
    checks = ", ".join(f"has_table_privilege(:r, c.oid, '{p}') AS {p.lower()}" for p in privileges)
    rows = conn.execute(
        text(
            f"SELECT c.relname, {checks} FROM pg_class AS c "
            "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
            "ORDER BY c.relname"
        ),
        {"r": role},
    )
    held = []
    for row in rows:
        rights = [p for p, has in zip(privileges, row[1:], strict=True) if has]
        if rights:
            held.append(f"{row[0]}: {', '.join(rights)}")
    return held


def plan_reader(engine: Engine, target: DatabaseTarget, role: str) -> ReaderPlan:
    """What ``grant_reader`` would do to ``role``; refuses roles it must not touch."""
    _checked(target, role)
    with engine.connect() as conn:
        views = sorted(inspect(conn).get_view_names())
        found = conn.execute(
            text(
                "SELECT rolsuper, current_user = rolname OR session_user = rolname, "
                "EXISTS (SELECT 1 FROM pg_class AS c JOIN pg_namespace AS n "
                "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                "AND c.relowner = r.oid) FROM pg_roles AS r WHERE rolname = :r"
            ),
            {"r": role},
        ).first()
        plan = ReaderPlan(role=role, exists=found is not None, views=views)
        plan.gains.append(f"SELECT on the {len(views)} reporting views")
        if found is None:
            plan.gains.insert(0, "a new role, with no other right")
            return plan
        superuser, is_self, owns = found
        if superuser:
            raise Conflict(f"{role} is a superuser: a reader role must not be one (pick another)")
        if is_self:
            raise Conflict(
                f"{role} is the role this command is connected as: read-only sessions would "
                "stop the application"
            )
        if owns:
            raise Conflict(f"{role} owns the tables: it is the application's role, not a reader")
        plan.losses += [f"rights on table {held}" for held in _table_rights(conn, role)]
        creates = conn.execute(
            text("SELECT has_schema_privilege(:r, current_schema(), 'CREATE')"), {"r": role}
        ).scalar()
        if creates:
            plan.losses.append("CREATE in the schema")
        read_only = conn.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_db_role_setting AS s JOIN pg_roles AS r "
                "ON r.oid = s.setrole WHERE r.rolname = :r "
                "AND 'default_transaction_read_only=on' = ANY (s.setconfig))"
            ),
            {"r": role},
        ).scalar()
        if not read_only:
            plan.losses.append("writing by default (its sessions will start read-only)")
    return plan


def grant_reader(
    engine: Engine, target: DatabaseTarget, plan: ReaderPlan, *, login: bool, confirmed: bool
) -> None:
    """Carry out ``plan``; an existing role that loses rights needs ``confirmed``, and the
    plan must still be what the role would go through (it is planned again first)."""
    if plan.exists and plan.losses and not confirmed:
        raise Conflict(
            f"{plan.role} exists and would lose {len(plan.losses)} right(s); confirm",
            inputs=["confirmed"],
        )
    if plan_reader(engine, target, plan.role) != plan:
        raise Conflict(f"role {plan.role} changed since its plan was shown; run the command again")
    with engine.begin() as conn:
        quoted = conn.dialect.identifier_preparer.quote(plan.role)
        if not plan.exists:
            conn.execute(
                text(
                    f"CREATE ROLE {quoted} {'LOGIN' if login else 'NOLOGIN'} "
                    "NOSUPERUSER NOCREATEDB NOCREATEROLE"
                )
            )
        conn.execute(text(f"ALTER ROLE {quoted} SET default_transaction_read_only = on"))
        schema = conn.dialect.identifier_preparer.quote(
            conn.execute(text("SELECT current_schema()")).scalar_one()
        )
        conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"REVOKE CREATE ON SCHEMA {schema} FROM {quoted}"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}"))
        for view in plan.views:
            name = conn.dialect.identifier_preparer.quote(view)
            conn.execute(text(f"GRANT SELECT ON {name} TO {quoted}"))
