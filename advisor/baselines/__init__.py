"""Evidence from the user's own data: offline baselines, learning curves, metrics with intervals, LLM runs."""
