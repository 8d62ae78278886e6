"""Bytes to text, line index, tokens, and YAML composition with positions."""
