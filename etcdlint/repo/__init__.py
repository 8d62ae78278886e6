"""The repository: which files to read, and the cheap test that keeps most of them unparsed."""
