"""The server: `streamlit run serve.py` serves the dashboard (app.py) and, before it takes its first visitor, warms it
up (lib/ui/warm.py): the first page after a restart opens as fast as any other."""

import asyncio
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def warmed(_app):
    from lib.ui import warm

    await asyncio.to_thread(warm.up)
    yield


app = st.App("app.py", lifespan=warmed)
