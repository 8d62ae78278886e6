"""Property test over generated manifests: --fix converges, is idempotent, and keeps every
line that holds no fixed setting byte for byte."""

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.etcd.flags import env_for_flag
from etcdlint.fixing.run import fix_bytes

BOOLS = ["client-cert-auth", "peer-client-cert-auth", "auto-tls", "peer-auto-tls", "enable-pprof"]
VALUES = [None, "", "=true", "=false", "=1", "=0", "=True", "=yes"]  # None: absent; "": bare
BASE = ["--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
        "--cert-file=/etc/kubernetes/pki/etcd/server.crt"]
EXAMPLES = int(os.environ.get("ETCDLINT_PROPERTY_EXAMPLES", "150"))


@st.composite
def manifests(draw):
    flags = list(BASE)
    for name in BOOLS:
        value = draw(st.sampled_from(VALUES))
        if value is not None:
            flags.append(f"--{name}{value}")
    flags = draw(st.permutations(flags))
    form = draw(st.sampled_from(["block", "flow", "shell", "env", "kubeadm"]))
    comment = draw(st.sampled_from(["", "  # note", "\t# tab"]))
    quote = draw(st.sampled_from(["", '"', "'"]))
    head = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    image: quay.io/coreos/etcd:v3.5.17\n"
    if form == "block":
        body = "    command:\n    - etcd\n" + "".join(
            f"    - {quote}{f}{quote}{draw(st.sampled_from(['', comment]))}\n" for f in flags)
    elif form == "flow":
        body = "    command: [etcd" + "".join(f", {quote or chr(34)}{f}{quote or chr(34)}"
                                               for f in flags) + "]\n"
    elif form == "shell":
        lines = [f"        {f} \\\n" for f in flags[:-1]] + [f"        {f}\n" for f in flags[-1:]]
        body = "    command:\n    - /bin/sh\n    - -c\n    - |\n      exec etcd \\\n" + "".join(lines)
    elif form == "env":
        body = "    env:\n" + "".join(
            f"    - name: {env_for_flag(f[2:].split('=')[0])}\n"
            f"      value: {quote or chr(34)}{f.split('=', 1)[1] if '=' in f else 'true'}"
            f"{quote or chr(34)}{draw(st.sampled_from(['', comment]))}\n" for f in flags)
    else:
        head = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
        body = "etcd:\n  local:\n    extraArgs:\n" + "".join(
            f"      {f[2:].split('=')[0]}: \"{f.split('=', 1)[1] if '=' in f else 'true'}\"\n"
            for f in flags if not f.startswith("--cert-file") and "trusted" not in f)
        if body.endswith("extraArgs:\n"):
            body += "      snapshot-count: \"10000\"\n"
    text = head + body
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


def fixed_names(outcome):
    names = set()
    for diag, _, _ in outcome.applied:
        for name in diag.fix.names:
            names.update({name, env_for_flag(name)})
    return names


def setting_lines(data, names):
    """0-based line numbers that hold an occurrence of one of ``names`` in the original."""
    result = lint_file("m.yaml", data, LintOptions())
    text = result.source.text
    lines = set()
    for config in result.etcd:
        uses = list(config.flag_uses) + list(config.env_uses) + list(config.settings.values())
        for use in uses:
            if use.name in names:
                first = text.count("\n", 0, use.span.start)
                last = text.count("\n", 0, max(use.span.start, use.span.end - 1))
                lines.update(range(first, last + 1))
    return lines


def _contains_in_order(small, big):
    it = iter(big)
    return all(ch in it for ch in small)


def lines_changed_without_a_fixed_setting(old, new, names, held):
    """Original lines that hold no fixed setting and cannot be found, in order, in the fixed
    text: either unchanged, or with a fixed setting inserted into them (a flow list)."""
    def mentions(line):
        return any(name in line.decode() for name in names)

    missing = []
    j = 0
    for k, line in enumerate(old):
        if k in held:
            continue
        while j < len(new) and not (new[j] == line or (mentions(new[j])
                                                        and _contains_in_order(line, new[j]))):
            j += 1
        if j == len(new):
            missing.append(line)
        else:
            j += 1
    return missing


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_fix_properties(text):
    data = text.encode()
    options = LintOptions()
    outcome = fix_bytes("m.yaml", data, options, ("safe", "unsafe"))
    refused = {(d.rule, d.message) for d, *_ in outcome.refused}
    remaining = lint_file("m.yaml", outcome.fixed, options).diagnostics
    assert not any(d.rule == "ETCD000" for d in remaining)
    assert [d.rule for d in remaining if d.fix is not None
            and (d.rule, d.message) not in refused] == []
    again = fix_bytes("m.yaml", outcome.fixed, options, ("safe", "unsafe"))
    assert again.fixed == outcome.fixed
    names = fixed_names(outcome)
    held = setting_lines(data, names)
    assert lines_changed_without_a_fixed_setting(
        data.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True), names, held) == []
