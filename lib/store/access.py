"""Who may do what: the one place roles are decided and checked.

Three roles (lib/vocab.py): a viewer sees everything and changes nothing, an editor also imports, edits and undoes,
an admin also manages roles and settings. Every write in lib/ calls `require` before it opens its transaction, so the
pages, the command line and the tests all go through the same check; a refusal is written to the audit log and
raised as NotAllowed.

Who is asking comes as an `Actor`: the signed-in person (their e-mail and role, made by lib/ui/auth.py), or - when a
plain name is given instead - a caller outside the app that reaches the store directly (the command line, the demo,
a script): the machine's own user, treated as an admin, as the app treats its one local user when sign-in is not
configured.

A signed-in person's role is the one an admin gave their e-mail here (`set_role`, the Roles page, `python -m lib.cli
role set`); failing that, the highest role the sign-in provider names in its `roles` claim; failing that, viewer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from ..errors import NotAllowed, UsageError
from ..vocab import ADMIN, EDITOR, ROLES, VIEWER
from . import audit
from .engine import write
from .schema import UserRole

if TYPE_CHECKING:  # annotations only: loaded by the functions that use them
    import pandas as pd

USER_ROLE = UserRole.__table__
LOCAL_USER = "local user"

# What each action needs at least, and how a refusal names it.
NEEDS: dict[str, str] = {
    "view": VIEWER, "pack": VIEWER,
    "import": EDITOR, "edit": EDITOR, "undo": EDITOR, "meeting": EDITOR,
    "setting": ADMIN, "role": ADMIN, "audit": ADMIN, "demo": ADMIN, "backup": ADMIN, "restore": ADMIN,
}
DOING = {
    "view": "see the dashboard", "pack": "download the meeting pack", "import": "import spreadsheets",
    "edit": "change figures or actions", "undo": "undo a batch", "meeting": "record meetings",
    "setting": "change the team's settings", "role": "manage roles", "audit": "read the audit log",
    "demo": "load the demo", "backup": "back up the store", "restore": "restore the store",
}


@dataclass(frozen=True)
class Actor:
    """Someone doing something: `who` is what the history records (a signed-in e-mail, or a name)."""

    who: str
    role: str
    signed_in: bool = False

    def __str__(self) -> str:
        return self.who


def as_actor(who: Actor | str) -> Actor:
    """An Actor as given; a plain name is a caller outside the app (the command line, the demo, a script), an admin."""
    if isinstance(who, Actor):
        return who
    return Actor(str(who), ADMIN)


def local_user(name: str = "") -> Actor:
    """The one user of an app without sign-in (it listens on this computer only): an admin, recorded by the name
    they give, or as "local user"."""
    return Actor(name.strip() or LOCAL_USER, ADMIN)


def rank(role: str | None) -> int:
    return ROLES.index(role) if role in ROLES else -1


def can(role: str | None, action: str) -> bool:
    """Whether `role` may do `action` (a key of NEEDS); an unknown action is refused to everyone."""
    return action in NEEDS and rank(role) >= rank(NEEDS[action])


def roles_claimed(claims) -> list[str]:
    """The dashboard's roles among a sign-in provider's `roles` claim (a list, or words separated by commas or
    spaces), highest first."""
    if not claims:
        return []
    words = claims.replace(",", " ").split() if isinstance(claims, str) else [str(c) for c in claims]
    found = {w.strip().lower() for w in words} & set(ROLES)
    return sorted(found, key=rank, reverse=True)


def normal_email(email: str) -> str:
    return str(email).strip().lower()


def stored_role(engine: Engine, email: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(USER_ROLE.c.role).where(USER_ROLE.c.email == normal_email(email))).scalar()


def role_of(engine: Engine, email: str, claims=None) -> str:
    """A signed-in person's role: the one stored for their e-mail, else the highest the provider claims for them,
    else viewer."""
    return stored_role(engine, email) or next(iter(roles_claimed(claims)), VIEWER)


def a_role(role: str) -> str:
    return f"{'an' if str(role)[:1] in 'aeiou' else 'a'} {role}"


def refusal(actor: Actor, action: str) -> str:
    allowed = [r for r in ROLES if can(r, action)]
    names = " and ".join(f"{r}s" for r in allowed) if allowed else "nobody"
    return (f"only {names} may {DOING.get(action, action)}; you are {actor.who}, {a_role(actor.role)}. Ask an admin "
            "if you need to")


def require(engine: Engine, who: Actor | str, action: str, what: str = "") -> Actor:
    """Check that `who` may do `action` and return them as an Actor; otherwise record the attempt in the audit log
    and raise NotAllowed. Call it before opening the write transaction (the refusal is written on its own)."""
    actor = as_actor(who)
    if can(actor.role, action):
        return actor
    attempt = what or DOING.get(action, action)
    audit.record(engine, actor, audit.REFUSED, f"refused to {a_role(actor.role)}: {attempt}",
                 detail={"action": action, "role": actor.role})
    raise NotAllowed(refusal(actor, action))


def set_role(engine: Engine, email: str, role: str, who: Actor | str) -> str | None:
    """Give an e-mail a role (admins only); recorded in the audit log in the same transaction. Returns the role it
    had before (None when it had none stored)."""
    email = normal_email(email)
    if "@" not in email or len(email) < 3 or any(c.isspace() for c in email):
        raise UsageError(f"'{email}' is not an e-mail address")
    if role not in ROLES:
        raise UsageError(f"'{role}' is not a role: expected one of {', '.join(ROLES)}")
    actor = require(engine, who, "role", f"give {email} the {role} role")
    if actor.signed_in and actor.who == email and role != ADMIN:
        raise NotAllowed("you cannot take the admin role from yourself: ask another admin")
    at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with write(engine) as conn:
        before = conn.execute(select(USER_ROLE.c.role).where(USER_ROLE.c.email == email)).scalar()
        if before == role:
            return before
        conn.execute(delete(USER_ROLE).where(USER_ROLE.c.email == email))
        conn.execute(insert(USER_ROLE).values(email=email, role=role, updated_at=at, updated_by=actor.who))
        was = f"from {before} " if before else ""
        audit.record(conn, actor, audit.ROLE, f"set the role of {email} {was}to {role}",
                     detail={"email": email, "before": before, "after": role})
    return before


def list_roles(engine: Engine) -> pd.DataFrame:
    """Every e-mail given a role, by role then e-mail."""
    import pandas as pd
    with engine.connect() as conn:
        rows = conn.execute(select(USER_ROLE).order_by(USER_ROLE.c.email)).mappings().all()
    df = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in USER_ROLE.columns])
    if not df.empty:
        df = df.sort_values(["role", "email"], key=lambda s: s.map(rank) if s.name == "role" else s,
                            ascending=[False, True]).reset_index(drop=True)
    return df
