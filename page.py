"""The script each session runs (app.py serves it): the five steps.

The steps live in advisor/ui/pages/, one module each, run by advisor/ui/app.py. Streamlit recompiles the script it
runs on every re-run when it has no shared cache (AppTest does that); a module is compiled once, so a slider move
only re-runs the page.
"""

from advisor.ui.app import main

main()
