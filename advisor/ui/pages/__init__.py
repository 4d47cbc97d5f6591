"""One module per step of the app, each with `show(dataset, key, analysis, lang, currency)`."""
