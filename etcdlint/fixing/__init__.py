"""Fixes: from a rule's intent to byte-exact text edits, applied and verified."""
