"""The answer: the options ranked with their reasons and sources, and whether a training route can take the data."""
