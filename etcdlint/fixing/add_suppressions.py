"""``--add-suppressions REASON``: an ``# etcdlint: disable=CODE -- REASON`` comment at each
finding, as ruff's ``--add-noqa`` adds ``# noqa: CODE`` (astral-sh/ruff,
``crates/ruff/src/commands/add_noqa.rs``).

For each line with findings the first form that keeps the YAML intact is used:

1. the end of the flagged line (``disable=``), merged into an etcdlint directive already there;
2. a comment line above it, at its indentation (``disable-next-line=``);
3. a comment at the top of the file (``disable-file=``): for a line inside a block scalar or a
   multi-line quoted or plain scalar, where any comment would become part of the value.

A form is kept only when the text still composes to the same documents (the check ``--fix``
runs) and the new directive covers the finding. The gap before ``#`` follows the file's own
end-of-line comments (two spaces when it has none: yamllint's ``comments`` rule default,
adrienverge/yamllint ``yamllint/rules/comments.py``), line endings follow the file's.
Findings a comment cannot suppress are left as they are: a file that does not parse
(ETCD000) and etcdlint's own suppression findings (ETCD3nn).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from etcdlint.fixing.verify import same_documents, same_words
from etcdlint.records import field, record
from etcdlint.engine.suppress import comment_directives
from etcdlint.repo.forms import text_form
from etcdlint.text.textfile import LineIndex

_EOL_COMMENT = re.compile(r"\S([ \t]+)#")
_DIRECTIVE = {
    "disable": re.compile(r"#[ \t]*etcdlint:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9_, \t]*?[A-Za-z0-9_])"
                          r"(?=[ \t]*(?:--|$))"),
    "disable-next-line": re.compile(r"^[ \t]*#[ \t]*etcdlint:[ \t]*disable-next-line[ \t]*=[ \t]*"
                                    r"([A-Za-z0-9_, \t]*?[A-Za-z0-9_])(?=[ \t]*(?:--|$))"),
    "disable-file": re.compile(r"^#[ \t]*etcdlint:[ \t]*disable-file[ \t]*=[ \t]*"
                               r"([A-Za-z0-9_, \t]*?[A-Za-z0-9_])(?=[ \t]*(?:--|$))"),
}


@record(frozen=False)
class FilePlan:
    text: str  # the new text
    added: int = 0  # directives written or extended
    forms: List[Tuple[int, str]] = field(default_factory=list)  # (line, form) per flagged line


def unsuppressible(code: str) -> Optional[str]:
    """Why a finding with ``code`` takes no suppression comment, or None."""
    if code == "ETCD000":
        return "a file etcdlint cannot read or parse takes no suppression"
    if code.startswith("ETCD3"):
        return "a finding about a suppression is not suppressed by another one"
    return None


def plan_file(text: str, findings: Sequence[Tuple[int, str]], reason: str,
              plain: bool = False) -> FilePlan:
    """Add a directive for each ``(line, code)`` of ``findings`` to ``text``. ``plain``: a
    file that is not YAML (a unit, an environment file, a Dockerfile), where ``#`` starts a
    comment only at the start of a line: only comment lines are added."""
    if plain:
        return _plan_plain(text, findings, reason)
    newline = "\r\n" if "\r\n" in text else "\n"
    gap = _comment_gap(text)
    by_line: Dict[int, List[str]] = {}
    for line, code in findings:
        codes = by_line.setdefault(line, [])
        if code not in codes:
            codes.append(code)
    index = LineIndex(text)
    edits: List[Tuple[int, int, str]] = []  # (start, end, replacement) on the original text
    file_codes: List[str] = []
    plan = FilePlan(text)
    for line in sorted(by_line):
        codes = sorted(by_line[line])
        for form in ("disable", "disable-next-line"):
            edit = _edit(text, index, line, codes, form, reason, gap, newline)
            if edit is not None and _keeps_yaml(text, [edit], line, codes, form):
                edits.append(edit)
                plan.forms.append((line, form))
                break
        else:
            file_codes.extend(c for c in codes if c not in file_codes)
            plan.forms.append((line, "disable-file"))
    if file_codes:
        edits.append(_file_edit(text, index, sorted(file_codes), reason, newline))
    new_text = _splice(text, edits)
    if edits and same_documents(text, new_text, ()) is not None:
        # the edits together changed the data (each alone did not): the file form for all
        edits = [_file_edit(text, index, sorted({c for cs in by_line.values() for c in cs}),
                            reason, newline)]
        plan.forms = [(line, "disable-file") for line in sorted(by_line)]
        new_text = _splice(text, edits)
    plan.text = new_text
    plan.added = len(edits)
    return plan


def _plan_plain(text: str, findings: Sequence[Tuple[int, str]], reason: str) -> FilePlan:
    newline = "\r\n" if "\r\n" in text else "\n"
    index = LineIndex(text)
    by_line: Dict[int, List[str]] = {}
    for line, code in findings:
        codes = by_line.setdefault(line, [])
        if code not in codes:
            codes.append(code)
    edits: List[Tuple[int, int, str]] = []
    plan = FilePlan(text)
    for line in sorted(by_line):
        edit = _edit(text, index, line, sorted(by_line[line]), "disable-next-line", reason, "",
                     newline)
        if edit is not None:
            edits.append(edit)
            plan.forms.append((line, "disable-next-line"))
    new_text = _splice(text, edits)
    if same_words(text, new_text, ()) is not None:
        return FilePlan(text)
    plan.text = new_text
    plan.added = len(edits)
    return plan


def _edit(text: str, index: LineIndex, line: int, codes: List[str], form: str, reason: str,
          gap: str, newline: str) -> Optional[Tuple[int, int, str]]:
    start, end = index.line_span(line)
    content = text[start:end].rstrip("\r\n")
    stop = start + len(content)
    if form == "disable":
        merged = _merge(content, "disable", codes)
        if merged is not None:
            return start, stop, merged
        if _EOL_COMMENT.search(content) or content.lstrip().startswith("#"):
            gap = "  "  # after a comment of the line's own: not aligned with other comments
        return stop, stop, f"{gap}# etcdlint: disable={','.join(codes)}{_reason(reason)}"
    if line > 1:
        above_start, above_end = index.line_span(line - 1)
        above = text[above_start:above_end].rstrip("\r\n")
        merged = _merge(above, "disable-next-line", codes)
        if merged is not None:
            return above_start, above_start + len(above), merged
    indent = content[:len(content) - len(content.lstrip(" \t"))]
    return (start, start, f"{indent}# etcdlint: disable-next-line={','.join(codes)}"
                          f"{_reason(reason)}{newline}")


def _file_edit(text: str, index: LineIndex, codes: List[str], reason: str,
               newline: str) -> Tuple[int, int, str]:
    for line in range(1, index.line_count + 1):
        start, end = index.line_span(line)
        content = text[start:end].rstrip("\r\n")
        if not content.startswith("#"):
            break
        merged = _merge(content, "disable-file", codes)
        if merged is not None:
            return start, start + len(content), merged
    return 0, 0, f"# etcdlint: disable-file={','.join(codes)}{_reason(reason)}{newline}"


def _merge(content: str, kind: str, codes: List[str]) -> Optional[str]:
    """``content`` with ``codes`` added to its ``kind`` directive, or None if it has none."""
    match = _DIRECTIVE[kind].search(content)
    if match is None:
        return None
    have = [c.strip() for c in match.group(1).split(",") if c.strip()]
    extra = [c for c in codes if c not in have]
    return content[:match.end(1)] + "".join("," + c for c in extra) + content[match.end(1):]


def _keeps_yaml(text: str, edits, line: int, codes: List[str], form: str) -> bool:
    new_text = _splice(text, edits)
    if same_documents(text, new_text, ()) is not None:
        return False
    covered = line if form == "disable" else line + (0 if _merged_above(text, edits) else 1)
    found = comment_directives(new_text, LineIndex(new_text))
    return all(any(s.kind == "line" and s.lines == (covered, covered)
                   and (s.codes is None or code in s.codes) for s in found) for code in codes)


def _merged_above(text: str, edits) -> bool:
    """Whether the next-line edit extended a directive already above (no line inserted)."""
    return all(start != end for start, end, _ in edits)


def _splice(text: str, edits: List[Tuple[int, int, str]]) -> str:
    out = text
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _reason(reason: str) -> str:
    return f" -- {reason}" if reason else ""


def _comment_gap(text: str) -> str:
    """The most common whitespace between content and an end-of-line comment in ``text``."""
    gaps = Counter()
    for line in text.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#") or "#" not in stripped:
            continue
        match = _EOL_COMMENT.search(line)
        if match is not None:
            gaps[match.group(1)] += 1
    return gaps.most_common(1)[0][0] if gaps else "  "


def run_add_suppressions(result, fs_paths: Dict[str, str], reason: str) -> int:
    """Write the directives for every finding of ``result`` into its file; print what was
    done. Exit code: 0 when every finding is suppressed, 1 when some could not be, 2 when a
    file could not be rewritten.

    Only the files the run was given are written: a finding in another file (the base of an
    overlay named alone) is left as it is, and said so. Every file is read and planned
    before any is written: a file that cannot be planned (changed since it was read) leaves
    every file as it was.
    """
    import sys

    from etcdlint.repo.write import WriteError, replace_file, sync_directories
    from etcdlint.text.textfile import DecodeError, decode

    by_path: Dict[str, List[Tuple[int, str]]] = {}
    left = errors = added = 0
    for item in result.diagnostics:
        d = item.diagnostic
        why = unsuppressible(d.rule)
        if why is None and d.path not in fs_paths:
            why = "its file is not among the paths given (name it to suppress there)"
        if why is not None:
            print(f"etcdlint: {d.path}:{item.start.line}:{item.start.column}: {d.rule} not "
                  f"suppressed: {why}", file=sys.stderr)
            left += 1
            continue
        by_path.setdefault(d.path, []).append((item.start.line, d.rule))
    planned = []  # (file system path, new bytes, original bytes, directives added)
    for path, findings in by_path.items():
        fs_path = fs_paths[path]
        source = result.sources.get(path)
        try:
            with open(fs_path, "rb") as fh:
                original = fh.read()
            if source is None or decode(path, original).text != source.text:
                raise WriteError(f"{path}: changed since it was read: not written")
        except (OSError, DecodeError, WriteError) as exc:
            print(f"etcdlint: error: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            errors += 1
            continue
        plan = plan_file(source.text, findings, reason, bool(text_form(path)))
        planned.append((fs_path, source.encode(plan.text), original, plan.added))
    if errors:
        print("etcdlint: error: no file was written", file=sys.stderr)
        return 2
    written = []
    for fs_path, data, original, count in planned:
        try:
            replace_file(fs_path, data, original, sync_directory=False)
        except (OSError, WriteError) as exc:
            print(f"etcdlint: error: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
            errors += 1
            continue
        written.append(fs_path)
        added += count
    sync_directories(written)
    print(f"Added {added} {'suppression' if added == 1 else 'suppressions'} to {len(written)} "
          f"{'file' if len(written) == 1 else 'files'}.")
    return 2 if errors else 1 if left else 0
