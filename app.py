"""The advisor's Streamlit app: `streamlit run app.py`.

Streamlit's App: each session runs page.py; Streamlit's own frontend files are answered from memory before
Streamlit's server sees the request (advisor/ui/frontend_files.py: in a room of thirty they were most of the
server's CPU).
"""

import sys

import streamlit as st
from starlette.middleware import Middleware

from advisor.ui.frontend_files import FrontendFromMemory

app = st.App("page.py", middleware=[Middleware(FrontendFromMemory)])

# Every session's script runs in a thread of this one process, and the one event loop that serves them all waits
# for the GIL after each thing it does (it starts a thread for each run, 12-15 ms a start in a room of thirty):
# a busy script thread keeps the GIL for Python's switch interval, 5 ms by default. At 1 ms the room of thirty
# (protocol clients, benchmarks/bench_workshop.py) reached the recommendation in 0.75-0.85x the time, alternated
# runs on a loaded machine.
sys.setswitchinterval(0.001)
