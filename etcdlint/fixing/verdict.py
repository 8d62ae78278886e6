"""A verdict on a batch of fixes, part by part of the file.

The fixes of a round are applied together and the fixed text linted once. Where the file
has the same parts before and after, each part is judged on its own: it may show no finding
the original part did not have (the fixed ones aside) and must load to the same data except
around the settings fixed in it (not compared when every edit of the batch only swaps the
text of one scalar for another's: ``etcdlint.text.scalar_edits`` proves that no structure
changes, and the edits are the fixed settings' own values). A part is a YAML document, or,
in a document whose top-level mapping holds an ``items`` list (``kind: List``), one of those
items (the rest of the document being a part of its own). A failure that cannot be pinned to
the fixes of one part (the text no longer parses, a part without fixes changed, an edit
reaching past its part) is reported for the whole batch. This is what keeps ``--fix`` linear
when many fixes are refused: one lint judges the fixes of every part at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.records import field, record
from etcdlint.fixing.decisions import UNUSED, unused_suppressions
from etcdlint.fixing.programs import lost_by_part, lost_reason, programs
from etcdlint.fixing.refusals import added_reason
from etcdlint.fixing.verify import (MAX_NODES, TOO_DEEP, TooBig, TooDeep, data_alike,
                                    fixed_words, new_findings, same_documents, same_words,
                                    to_data)
from etcdlint.repo.forms import text_form
from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule, RuleOptions
from etcdlint.text.scalar_edits import only_scalar_replacements

Part = Tuple[int, int]  # (document, item of its ``items`` list, or -1 for the rest of it)


@record
class Verdict:
    problem: Optional[str] = None  # a failure of the batch as a whole
    by_part: Dict[Part, str] = field(default_factory=dict)  # part -> why its fixes fail
    part_of: List[Part] = field(default_factory=list)  # each applied fix's part

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.by_part


def judge(text: str, new_text: str, before, after, applied: Sequence[Diagnostic],
          enabled: frozenset, memo: Optional[dict] = None, unreported: Sequence[Rule] = (),
          rule_options: Optional[RuleOptions] = None) -> Verdict:
    """The verdict on ``applied`` (fixes of ``before``, a FileResult of ``text``), whose text
    ``new_text`` linted as ``after``; ``enabled``: the rule codes the run reports;
    ``unreported``: the configuration-error rules (ETCD2nn) it does not run, whose new
    findings refuse a fix all the same (no fix may lead to a configuration etcd rejects
    unseen). ``memo`` (a dict kept across the batches tried on the same ``before``) saves
    recomputing what only depends on it."""
    memo = {} if memo is None else memo
    if "unused" not in memo:
        memo["unused"] = unused_suppressions(before, enabled)
    unused_after = unused_suppressions(after, enabled)
    if any(d.rule == "ETCD000" for d in after.diagnostics) and \
            not any(d.rule == "ETCD000" for d in before.diagnostics):
        return Verdict("the fixed text would not parse")
    config_errors = _unreported_findings(before, after, unreported, rule_options, memo)
    old_docs, new_docs = before.documents, after.documents
    if "programs" not in memo:
        memo["programs"] = programs(before.etcd, text)
    new_programs = programs(after.etcd, new_text)

    def whole() -> Verdict:
        lost = lost_reason([p for _, p in memo["programs"]], [p for _, p in new_programs])
        if lost is not None:
            return Verdict(lost)
        return Verdict(_whole(text, new_text, before, after, applied, memo, unused_after,
                              config_errors))

    if not old_docs or not new_docs or len(old_docs) != len(new_docs):
        return whole()
    old_items = memo.get("items")
    if old_items is None:
        old_items = memo["items"] = [_items(doc) for doc in old_docs]
    new_items = [_items(doc) for doc in new_docs]
    if [len(i or ()) for i in old_items] != [len(i or ()) for i in new_items]:
        return whole()
    old_at, new_at = _locator(old_docs, old_items), _locator(new_docs, new_items)
    part_of = [old_at(d.span.start) for d in applied]
    for diag, part in zip(applied, part_of):
        if any(old_at(e.span.start) != part or old_at(e.span.end) != part
               for e in diag.fix.edits):
            return whole()  # spans parts
    if "allowed" not in memo:
        memo["allowed"] = Counter((old_at(d.span.start), d.rule) for d in before.diagnostics)
    allowed = memo["allowed"].copy()
    allowed.subtract(Counter((part, d.rule) for d, part in zip(applied, part_of)))
    added: Dict[Part, set] = {}
    for (part, code), n in Counter((new_at(d.span.start), d.rule)
                                   for d in after.diagnostics).items():
        if n > max(allowed.get((part, code), 0), 0):
            added.setdefault(part, set()).add(code)
    if config_errors:
        old_errors = Counter((old_at(s), code) for s, code in config_errors[0])
        for (part, code), n in Counter((new_at(s), code) for s, code in config_errors[1]).items():
            if n > old_errors.get((part, code), 0):
                added.setdefault(part, set()).add(code)
    names: Dict[Part, set] = {}
    for diag, part in zip(applied, part_of):
        names.setdefault(part, set()).update(diag.fix.names)
    reasons: Dict[Part, str] = lost_by_part(memo["programs"], new_programs, old_at, new_at)
    if added:  # each side's findings grouped by part once: a pass over them, not one a part
        old_by = _by_part(before.diagnostics, old_at, added)
        new_by = _by_part(after.diagnostics, new_at, added)
        fixed_by = _by_part(applied, None, added, part_of)
        reasons.update({part: added_reason(codes, old_by.get(part, ()), new_by.get(part, ()),
                                           fixed_by.get(part, ()))
                        for part, codes in added.items() if part not in reasons})
    edits = [(e.span, e.replacement) for diag in applied for e in diag.fix.edits]
    try:  # (edits that only swap the text of scalars change no structure: nothing to compare)
        changed = [] if only_scalar_replacements(text, old_docs, edits) else \
            _changed_parts(old_docs, new_docs, old_items, names, memo)
    except TooBig:
        return Verdict("the file is too large to verify a fix on")
    except TooDeep:
        return Verdict(TOO_DEEP)
    for part in changed:
        reasons.setdefault(part, "the fixed text changes more than the fixed settings")
    if unused_after:  # a suppression the fixes leave without a purpose
        if "unused by part" not in memo:
            memo["unused by part"] = Counter(map(old_at, memo["unused"]))
        for part, n in Counter(map(new_at, unused_after)).items():
            if n > memo["unused by part"].get(part, 0):
                reasons.setdefault(part, UNUSED)
    unexplained = sorted(set(reasons) - set(part_of))
    if unexplained:  # a part without fixes changed: the batch is to blame, not one part
        return Verdict(reasons[unexplained[0]])
    return Verdict(None, reasons, part_of)


def _by_part(diagnostics: Sequence[Diagnostic], at, wanted, parts=None) -> Dict[Part, list]:
    """The diagnostics of each part in ``wanted``, by ``at`` of their start (or ``parts``)."""
    out: Dict[Part, list] = {}
    for k, diag in enumerate(diagnostics):
        part = parts[k] if parts is not None else at(diag.span.start)
        if part in wanted:
            out.setdefault(part, []).append(diag)
    return out


def _items(doc: Node) -> Optional[List[Node]]:
    """The items of a document's top-level ``items`` list (given once, of two or more)."""
    if doc.__class__ is not MappingNode:
        return None
    found = [v for k, v in doc.value if k.__class__ is ScalarNode and k.value == "items"]
    if len(found) != 1 or found[0].__class__ is not SequenceNode or len(found[0].value) < 2:
        return None
    return found[0].value


def _locator(documents, items):
    """Offset -> the part it lies in (text before the first document: the first)."""
    starts = [0] + [doc.start_mark.index for doc in documents[1:]]
    item_starts = [[n.start_mark.index for n in nodes] if nodes else None for nodes in items]
    item_ends = [[n.end_mark.index for n in nodes] if nodes else None for nodes in items]

    def at(offset: int) -> Part:
        doc = max(bisect_right(starts, offset) - 1, 0)
        if item_starts[doc] is not None:
            k = bisect_right(item_starts[doc], offset) - 1
            if k >= 0 and offset < item_ends[doc][k]:
                return doc, k
        return doc, -1
    return at


def _changed_parts(old_docs, new_docs, old_items, names, memo) -> List[Part]:
    """The parts whose data differ by more than their fixed settings."""
    if "data" not in memo:
        budget = [MAX_NODES]
        memo["data"] = [to_data(old, budget) for old in old_docs]
    budget = [MAX_NODES]
    changed: List[Part] = []
    for doc, (old_data, new) in enumerate(zip(memo["data"], new_docs)):
        new_data = to_data(new, budget)
        if old_data == new_data:  # (compared in C: a document without fixes)
            continue
        if old_items[doc] is None:
            if not data_alike(old_data, new_data, fixed_words(names.get((doc, -1), ()))):
                changed.append((doc, -1))
            continue
        old_list, new_list = old_data["items"], new_data.pop("items")
        old_data = {key: value for key, value in old_data.items() if key != "items"}
        if not data_alike(old_data, new_data, fixed_words(names.get((doc, -1), ()))):
            changed.append((doc, -1))
        for k, (a, b) in enumerate(zip(old_list, new_list)):
            if not data_alike(a, b, fixed_words(names.get((doc, k), ()))):
                changed.append((doc, k))
    return changed


def _unreported_findings(before, after, rules, options, memo):
    """``(before, after)``: the ``(offset, code)`` of each finding of ``rules`` (configuration
    errors the run does not report) in the configurations of each side; None without rules."""
    if not rules:
        return None

    def found(result):
        out = []
        for config in result.etcd:
            for rule in rules:
                try:
                    out.extend((d.span.start, d.rule) for d in rule.check(config, options))
                except Exception:  # (an etcdlint bug in a rule the run does not report)
                    continue
        return out
    options = options or RuleOptions()
    if "config errors" not in memo:
        memo["config errors"] = found(before)
    return memo["config errors"], found(after)


def _whole(text: str, new_text: str, before, after, applied, memo, unused_after,
           config_errors=None) -> Optional[str]:
    extra = new_findings(before.diagnostics, after.diagnostics, applied)
    if config_errors:
        old = Counter(code for _, code in config_errors[0])
        extra += sorted(code for code, n in Counter(code for _, code in config_errors[1]).items()
                        if n > old.get(code, 0))
    if extra:
        return added_reason(extra, before.diagnostics, after.diagnostics, applied)
    if len(unused_after) > len(memo["unused"]):
        return UNUSED
    names = {name for diag in applied for name in diag.fix.names}
    if text_form(before.path):
        return same_words(text, new_text, names)
    return same_documents(text, new_text, names, before.documents, after.documents)
