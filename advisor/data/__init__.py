"""Reading a dataset: the one data model, the formats read into it, the loader, token counts, and the bundled samples."""
