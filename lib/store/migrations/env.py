"""Alembic's entry: run the migrations on the connection the store passes in (lib/store/migrate.py), or, from the
`alembic` command line (`alembic -c lib/store/alembic.ini revision --autogenerate -m "..."`), against DATABASE_URL
with every kind's table loaded for comparison."""

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # the alembic command line: compare with the tables the code declares
    from sqlmodel import SQLModel

    import lib.kinds  # noqa: F401  (registers every kind's table)
    from lib.store.engine import database_url

    target_metadata = SQLModel.metadata
    with create_engine(database_url()).connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
