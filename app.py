"""The advisor's Streamlit app: `streamlit run app.py`.

Streamlit's App: each session runs page.py; Streamlit's own frontend files are answered from memory before
Streamlit's server sees the request (advisor/ui/frontend_files.py: in a room of thirty they were most of the
server's CPU).
"""

import streamlit as st
from starlette.middleware import Middleware

from advisor.ui.frontend_files import FrontendFromMemory

app = st.App("page.py", middleware=[Middleware(FrontendFromMemory)])
