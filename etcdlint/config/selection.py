"""Which rules a run enables, resolved the way ruff resolves ``select`` and ``ignore``.

- The basis is the command line's ``--select`` when given, else the configuration's
  ``select``, else every rule. A command-line ``--select`` replaces the configuration's whole
  selection (its ``select``, ``extend-select``, ``ignore`` and ``extend-ignore``), as ruff's
  "highest-priority select" does (astral-sh/ruff v0.0.238 release notes, PR #2312).
- Selectors are applied from the least specific to the most specific (``ETCD`` < ``ETCD0`` <
  ``ETCD00`` < ``ETCD002``): at each length, the selects (``select``, ``extend-select``) add
  their rules, then the ignores (``ignore``, ``extend-ignore``, ``--ignore``) remove theirs.
  So the more specific selector wins (``--select ETCD002 --ignore ETCD0`` keeps ETCD002), and
  of two equally specific ones the ignore wins (astral-sh/ruff,
  ``crates/ruff_workspace/src/configuration.rs``, ``as_rule_table``: ``Specificity::iter()``).

``per-file-ignores`` apply on top of this, for the files they match.
"""

from __future__ import annotations

from typing import Iterable, Optional, Sequence


def unknown_code(code: str, codes: Sequence[str]) -> Optional[str]:
    """Why ``code`` selects nothing (``'ETCD2011' matches no rule (did you mean
    'ETCD201'?)``), or None when it is a code or prefix of ``codes``."""
    from etcdlint.rules.nearest import nearest_code

    if code.startswith("ETCD") and any(known.startswith(code) for known in codes):
        return None
    near = nearest_code(code, codes)
    hint = f" (did you mean {near!r}?)" if near else "; 'etcdlint rules' lists the rules"
    return f"{code!r} matches no rule{hint}"


def enabled_codes(codes: Sequence[str], select: Optional[Sequence[str]],
                  extend_select: Iterable[str], ignore: Iterable[str]) -> frozenset:
    """The codes of ``codes`` that ``select`` (None: all), ``extend_select`` and ``ignore``
    leave enabled."""
    selects = [(s, True) for s in (select or ())] + [(s, True) for s in extend_select]
    ignores = [(s, False) for s in ignore]
    enabled = set(codes) if select is None else set()
    for length in sorted({len(s) for s, _ in selects + ignores}):
        for selector, add in selects + ignores:  # selects before ignores at each length
            if len(selector) != length:
                continue
            matched = {code for code in codes if code.startswith(selector)}
            if add:
                enabled |= matched
            else:
                enabled -= matched
    return frozenset(enabled)


def resolve(codes: Sequence[str], config_select: Optional[Sequence[str]],
            config_extend_select: Sequence[str], config_ignore: Sequence[str],
            cli_select: Optional[Sequence[str]], cli_ignore: Sequence[str],
            cli_extend_select: Sequence[str] = ()) -> frozenset:
    """The enabled codes from the configuration's and the command line's selectors
    (``config_extend_select`` includes the command line's ``--extend-select``; with a
    command-line ``--select`` only ``cli_extend_select`` is added to it)."""
    if cli_select is not None:
        return enabled_codes(codes, cli_select, cli_extend_select, cli_ignore)
    return enabled_codes(codes, config_select, config_extend_select,
                         tuple(config_ignore) + tuple(cli_ignore))
