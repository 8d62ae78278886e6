"""Output formats. Each takes a LintResult and returns the text to print."""
