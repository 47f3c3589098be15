"""Who did it, as the database says: the login role on events, verdicts and approvals.

On PostgreSQL the acting name used to be whatever ``--user`` said. From this revision:

* ``event``, ``verdict`` and ``verdict_approval`` carry ``login_role``, the PostgreSQL login
  (``session_user``) that wrote the row. NULL on SQLite (a file has no logins) and on rows
  written before this revision: unknown, never guessed.
* ``team_role`` names this database's team roles (reader, reviewer, editor, admin, owner),
  filled in by ``claim db grant`` (services/team.py); empty means no team is set up.
* PostgreSQL triggers enforce the rules for every client, ``psql`` included:
  - a row's ``login_role`` is the session's login (filled in when missing); only an admin
    writes another login, or acts for another user (an actor other than the login);
  - an approval by the verdict's author, or by the login that wrote the verdict, is refused;
  - with a team, publishing, dismissing, reopening a claim and publishing or sending back a
    verdict need the editor grant.
  Table rights (who may insert approvals, change settings; nobody updates events) are grants,
  made by ``claim db grant``.

Downgrade refuses while any event records its login role: the event hashes cover it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("event", "verdict", "verdict_approval")

# Whether the session's login holds a team grant. A superuser holds every grant. Without a
# team (team_role empty) every writer may do the workflow's steps, and "admin" (acting for
# others, writing another login) is the role that owns the tables: the application's own
# login in a one-account set-up. Ranks are nested roles (admin is a member of editor …),
# so membership of the wanted kind's role is enough.
HAS_GRANT = """
CREATE FUNCTION ct_has_grant(wanted text) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN true
    WHEN NOT EXISTS (SELECT 1 FROM team_role) THEN
      wanted <> 'admin'
      OR pg_has_role(session_user, (SELECT relowner FROM pg_class
                                    WHERE oid = 'event'::regclass), 'MEMBER')
    ELSE EXISTS (
      SELECT 1 FROM team_role AS t JOIN pg_roles AS r ON r.rolname = t.role_name
      WHERE t.kind = wanted AND pg_has_role(session_user, r.oid, 'MEMBER'))
  END
$$
"""

# A user name compared as people read it (services/users.py: NFKC, case-folded, trimmed).
USER_KEY = """
CREATE FUNCTION ct_user_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT lower(normalize(btrim(name), NFKC)) $$
"""

# TG_ARGV[0]: the column naming who acted (actor, author, approver).
STAMP_LOGIN = """
CREATE FUNCTION ct_stamp_login() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  acting text := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
  IF current_setting('claimtracker.restoring', true) = 'on' AND ct_has_grant('admin') THEN
    RETURN NEW;  -- a restore keeps the rows' own provenance, unknown included
  END IF;
  IF NEW.login_role IS NULL THEN
    NEW.login_role := session_user;
  ELSIF NEW.login_role <> session_user AND NOT ct_has_grant('admin') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('login %s may not record %s as written by login %s',
                       session_user, TG_TABLE_NAME, NEW.login_role);
  END IF;
  IF to_jsonb(NEW) ->> 'origin' = 'imported' THEN
    RETURN NEW;  -- an imported verdict's author is its publisher, not a user
  END IF;
  IF ct_user_key(acting) <> ct_user_key(session_user) AND NOT ct_has_grant('admin') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('login %s may not act for %s: only an admin may '
                       '(claim db grant %s --as admin)', session_user, acting, session_user);
  END IF;
  RETURN NEW;
END
$$
"""

NO_SELF_APPROVAL = """
CREATE FUNCTION ct_no_self_approval() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  proposed verdict%ROWTYPE;
BEGIN
  SELECT * INTO proposed FROM verdict WHERE id = NEW.verdict_id;
  IF ct_user_key(proposed.author) = ct_user_key(NEW.approver) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('%s proposed verdict #%s and cannot approve it',
                       NEW.approver, NEW.verdict_id);
  END IF;
  IF proposed.login_role = NEW.login_role AND NOT ct_has_grant('admin') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('login %s wrote verdict #%s and cannot approve it',
                       NEW.login_role, NEW.verdict_id);
  END IF;
  RETURN NEW;
END
$$
"""

# The editor's steps: a claim into or out of published/dismissed, a verdict published or sent
# back. TG_ARGV[0]: the state column; TG_ARGV[1..]: the states only an editor sets or leaves.
EDITOR_STEP = """
CREATE FUNCTION ct_editor_step() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  after text := to_jsonb(NEW) ->> TG_ARGV[0];
  before text := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) ->> TG_ARGV[0] END;
  guarded text[] := TG_ARGV[1:];
BEGIN
  IF after IS DISTINCT FROM before
     AND (after = ANY (guarded) OR before = ANY (guarded))
     AND NOT ct_has_grant('editor') THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('login %s may not move %s #%s from %s to %s: that needs the editor '
                       'grant (claim db grant %s --as editor)', session_user, TG_TABLE_NAME,
                       NEW.id, coalesce(before, 'nothing'), after, session_user);
  END IF;
  RETURN NEW;
END
$$
"""

TRIGGERS = (
    "CREATE TRIGGER ct_event_login BEFORE INSERT ON event "
    "FOR EACH ROW EXECUTE FUNCTION ct_stamp_login('actor')",
    "CREATE TRIGGER ct_verdict_login BEFORE INSERT ON verdict "
    "FOR EACH ROW EXECUTE FUNCTION ct_stamp_login('author')",
    "CREATE TRIGGER ct_approval_login BEFORE INSERT ON verdict_approval "
    "FOR EACH ROW EXECUTE FUNCTION ct_stamp_login('approver')",
    # Named to fire after ct_approval_login (triggers fire in name order): login is set.
    "CREATE TRIGGER ct_approval_self BEFORE INSERT ON verdict_approval "
    "FOR EACH ROW EXECUTE FUNCTION ct_no_self_approval()",
    "CREATE TRIGGER ct_claim_editor BEFORE INSERT OR UPDATE OF status ON claim "
    "FOR EACH ROW EXECUTE FUNCTION ct_editor_step('status', 'published', 'dismissed')",
    "CREATE TRIGGER ct_verdict_editor BEFORE INSERT OR UPDATE OF state ON verdict "
    "FOR EACH ROW EXECUTE FUNCTION ct_editor_step('state', 'published', 'sent_back')",
)
TRIGGER_TABLES = {
    "ct_event_login": "event",
    "ct_verdict_login": "verdict",
    "ct_approval_login": "verdict_approval",
    "ct_approval_self": "verdict_approval",
    "ct_claim_editor": "claim",
    "ct_verdict_editor": "verdict",
}
FUNCTIONS = (
    "ct_editor_step()",
    "ct_no_self_approval()",
    "ct_stamp_login()",
    "ct_user_key(text)",
    "ct_has_grant(text)",
)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("login_role", sa.String(63), nullable=True))
    op.create_table(
        "team_role",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("role_name", sa.String(63), nullable=False, unique=True),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in (HAS_GRANT, USER_KEY, STAMP_LOGIN, NO_SELF_APPROVAL, EDITOR_STEP):
        op.execute(statement)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    logged = bind.execute(sa.text("SELECT count(*) FROM event WHERE login_role IS NOT NULL"))
    count = int(logged.scalar_one())
    if count:
        # Their hashes cover the login: without the column the chain would no longer verify,
        # and who wrote them would be lost. Which to give up is not a migration's choice.
        raise RuntimeError(
            f"{count} events record the login role that wrote them (their hashes cover it): "
            "revision 0014 cannot hold it; restore a dump taken before 0015 instead"
        )
    if bind.dialect.name == "postgresql":
        for trigger, table in TRIGGER_TABLES.items():
            op.execute(f"DROP TRIGGER {trigger} ON {table}")
        for function in FUNCTIONS:
            op.execute(f"DROP FUNCTION {function}")
    op.drop_table("team_role")
    for table in TABLES:
        # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would break the views on them.
        op.execute(f"ALTER TABLE {table} DROP COLUMN login_role")
