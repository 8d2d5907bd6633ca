"""Who is using the app, and what they may see and do.

With sign-in configured (an `[auth]` section in .streamlit/secrets.toml, see the README), a person signs in through
the council's OpenID Connect provider (st.login); their e-mail is the who of everything they do, and their role comes
from lib/store/access.py (the role an admin gave their e-mail, else the provider's `roles` claim, else viewer). The
navigation holds only the pages their role may use: a page they may not use is replaced by a hidden one at the same
address that refuses, says why, and records the attempt in the audit log.

Without sign-in, there is one local user with every right; the server listens on this computer only
(.streamlit/config.toml), the pages still ask for a name to record against each change, and every page says so.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..errors import NotAllowed
from ..store import access, audit
from ..store.access import Actor
from .bootstrap import engine
from .style import plain

PAGE_NEEDS = {"upload": "import", "roles": "role", "audit": "audit"}  # a page's address -> the action it needs
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def configured() -> bool:
    """Whether sign-in is set up (an [auth] section in the secrets). Never raises when there is no secrets file."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no secrets file at all
        return False


def user() -> Actor | None:
    """The person using the app on this run (None: sign-in is configured and nobody is signed in yet). Worked out
    afresh on every run, so a role an admin changes applies at once; a sign-in is recorded once a session."""
    if not configured():
        actor = access.local_user()
    elif not st.user.get("is_logged_in", False):
        actor = None
    else:
        who = access.normal_email(st.user.get("email") or st.user.get("preferred_username") or st.user.get("sub")
                                  or "unknown")
        actor = Actor(who, access.role_of(engine(), who, st.user.get("roles")), signed_in=True)
        if st.session_state.get("_signed_in_recorded") != (who, actor.role):
            _record_sign_in(actor)
            st.session_state["_signed_in_recorded"] = (who, actor.role)
    return actor


def _record_sign_in(actor: Actor) -> None:
    """A sign-in, once: each browser tab or reload is a new session, but carries the same sign-in (the provider's
    token was issued at one moment, `iat`), so only a new sign-in or a new role is recorded."""
    issued = str(st.user.get("iat") or "")
    last = audit.latest(engine(), actor.who, audit.SIGN_IN)
    if issued and last and last["detail"].get("issued") == issued and last["detail"].get("role") == actor.role:
        return
    source = ("given here" if access.stored_role(engine(), actor.who) else
              "from the sign-in provider" if access.roles_claimed(st.user.get("roles")) else "the default")
    audit.record(engine(), actor, audit.SIGN_IN, f"signed in as {actor.role} ({source})",
                 detail={"role": actor.role, "claimed": access.roles_claimed(st.user.get("roles")), "issued": issued})


def current() -> Actor | None:
    """The person using the app, their role read afresh (one small query) wherever it is asked for: a page never
    relies on what an earlier run found."""
    return user()


def can(action: str) -> bool:
    actor = current()
    return actor is not None and access.can(actor.role, action)


def author(key: str, prefix: str = "", container=None, help: str = "Recorded against the change in the history."):
    """Who a change is recorded against: the signed-in person (no question asked), or without sign-in the local
    user by the name they type in a "Your name" box (None until they do)."""
    actor = current()
    if actor is None or actor.signed_in:
        return actor
    name = (container or st).text_input("Your name", key=key, help=help).strip()
    return Actor(prefix + name, actor.role) if name else None


def pages_for(actor: Actor | None, pages: list) -> list:
    """The navigation for this person: the sign-in page alone before they sign in; otherwise every page, with those
    their role may not use replaced by a hidden page at the same address that refuses (and records the attempt)."""
    if actor is None:
        return [st.Page(_sign_in, title="Sign in", icon=":material/login:", url_path="sign-in", default=True)]
    out = []
    for page in pages:
        need = PAGE_NEEDS.get(page.url_path, "view")
        if access.can(actor.role, need):
            out.append(page)
        else:
            out.append(st.Page(_refusing(page.title, need), title=page.title, url_path=page.url_path,
                               visibility="hidden"))
    return out


def page_for(path: str, shown: list):
    """The page of the navigation `shown` at the address of the page file `path` (pages/upload.py -> upload)."""
    return next((p for p in shown if p.url_path == Path(path).stem), None)


def require_page(action: str, title: str) -> None:
    """At the top of a page that needs more than viewing: stop with the refusal if this person may not (the
    navigation already leaves such pages out; this checks again)."""
    if not can(action):
        st.title(title)
        _refuse(title, action)
        st.stop()


def _refusing(title: str, action: str):
    def page() -> None:
        st.title(title)
        _refuse(title, action)
    page.__name__ = f"refused_{title.lower().replace(' ', '_')}"
    return page


def _refuse(title: str, action: str) -> None:
    actor = current()
    key = f"_refused_{title}"
    if actor is not None and not st.session_state.get(key):  # once a session, not on every rerun
        st.session_state[key] = True
        try:
            access.require(engine(), actor, action, f"open the {title} page")
        except NotAllowed:
            pass
    st.error(f"Not allowed: {plain(access.refusal(actor, action)) if actor else 'sign in first'}.")
    st.caption("The attempt has been recorded.")


def _sign_in() -> None:
    st.title("Adult social care commissioning")
    st.markdown("Sign in with your council account to see the dashboard.")
    if st.button("Sign in", type="primary", key="sign_in"):
        st.login()  # the provider given in [auth] itself


def listening_beyond_this_computer() -> bool:
    return (st.get_option("server.address") or "") not in LOOPBACK


def account(actor: Actor | None) -> None:
    """The sidebar's note of who is using the app, or that sign-in is not set up (on every page)."""
    if actor is None:
        return
    if not actor.signed_in:
        if listening_beyond_this_computer():
            st.warning("Sign-in is not set up, and this dashboard is open to the network: anyone who reaches it "
                       "can change the figures. Set up sign-in first (see the README).", icon=":material/lock_open:")
        else:
            st.caption(":material/lock_open: Sign-in is not set up: this dashboard opens only on this computer, "
                       "and whoever uses it may change everything.")
        return
    st.caption(f"Signed in as {plain(actor.who)} ({actor.role})")
    if st.button("Sign out", key="sign_out"):
        audit.record(engine(), actor, audit.SIGN_OUT, "signed out")
        st.session_state.pop("_signed_in_recorded", None)
        st.logout()
