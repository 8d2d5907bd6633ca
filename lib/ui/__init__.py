"""The Streamlit layer: the only part of lib/ that imports streamlit. Pages use it, and it uses the areas below.

    bootstrap  the store's engine for the app (the demo on an empty store's first run), the shared "as at" date, and
               the guard that sends a bookmarked page through app.py
    cache      reads of the store, cached once for any function, keyed by the store's version
    style      projector styling, RAG badges and tables that read without colour, escaping text from files
    upload     the upload flow: reading a dropped file with a progress bar, matching columns by hand
"""
