"""long titles: commitments.title becomes Text

Action steps are written as paragraphs in the spreadsheets TA teams keep, so 200 characters
refused whole imports. The limit is now a rule (core.vocabulary.TITLE_LIMIT), not a column size.

PostgreSQL changes the column type in place. SQLite does not enforce a VARCHAR length at all
(VARCHAR(200) and TEXT both have TEXT affinity, and the stored rows are the same), so only the
declared type in the schema changes. Alembic's batch mode would copy the table, drop the old one
and rename the copy; with foreign keys on (storage.db turns them on) dropping a table that
commitment_updates and the outbox point at fails, and `PRAGMA foreign_keys=OFF` is ignored inside
the migration's transaction. So on SQLite the declared type is rewritten in the schema itself,
the procedure SQLite documents for changes that leave the stored data untouched
(https://sqlite.org/lang_altertable.html, "making other kinds of table schema changes").

Downgrading on PostgreSQL fails with "value too long" while any title is over 200 characters,
rather than cutting people's text.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SHORT = "title VARCHAR(200) NOT NULL"
_LONG = "title TEXT NOT NULL"


def _rewrite_sqlite_declaration(old: str, new: str) -> None:
    """Change how `commitments.title` is declared in SQLite's schema; no row is touched."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'commitments'"
    ).scalar_one()
    if new in sql:
        return
    if sql.count(old) != 1:
        raise RuntimeError(f"commitments.title isn't declared as {old!r}; schema: {sql}")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'commitments'",
        (sql.replace(old, new),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_declaration(_SHORT, _LONG)
        return
    op.alter_column(
        "commitments",
        "title",
        type_=sa.Text(),
        existing_type=sa.String(length=200),
        existing_nullable=False,
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_declaration(_LONG, _SHORT)
        return
    op.alter_column(
        "commitments",
        "title",
        type_=sa.String(length=200),
        existing_type=sa.Text(),
        existing_nullable=False,
    )
