from etcdlint.model import ORIGIN_CHART_VALUE, ORIGIN_KUBEADM_DEFAULT, ORIGIN_TOOL_DEFAULT
from etcdlint.records import replace
from etcdlint.rules.base import Rule, make, setting_name
from etcdlint.rules.listener_checks import plaintext_urls
from etcdlint.rules.urls import cluster_members, plaintext, secure_url
from etcdlint.text.shown import shown_value

DERIVED = frozenset((ORIGIN_CHART_VALUE, ORIGIN_KUBEADM_DEFAULT, ORIGIN_TOOL_DEFAULT))


def check(config, options):
    yield from plaintext_urls(
        RULE, config, ("listen-peer-urls", "initial-advertise-peer-urls"),
        ("peer-cert-file", "peer-key-file", "peer-client-cert-auth"), "talks to its peers")
    initial = config.get("initial-cluster")
    # (a value a tool, operator or chart derives, not written in the file, takes its scheme
    # from the peer listener it also sets: that one is reported)
    if initial is None or initial.origin in DERIVED or initial.value_span == config.anchor_span:
        return
    label = setting_name(config, "initial-cluster")
    found = [(f"{name}={url}", span, plaintext(url), f"make it {name}={secure_url(url)}")
             for name, url, span in cluster_members(initial)]
    found = [item for item in found if item[2] is not None]
    if len({item[1] for item in found}) < len(found):
        # one span for the whole value: one diagnostic for all its plaintext members
        shown = found[0][0] + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
        help = found[0][3] if len(found) == 1 else \
            "make " + ", ".join(item[3][len("make it "):] for item in found)
        found = [(shown, found[0][1],
                  "network" if any(item[2] == "network" for item in found) else "local", help)]
    for member, span, kind, help in found:
        diag = make(RULE, config.path, span,
                    f"{label} has {shown_value(member)}: the members dial this peer URL without TLS", None,
                    help)
        if kind == "local":
            diag = replace(diag, severity="warning", message=diag.message + " (local only)")
        yield diag


RULE = Rule(
    code="ETCD105",
    name="PlaintextPeerURL",
    title="etcd peers talk over a URL without TLS (http://)",
    cis=None,
    severity="error",
    security_severity="7.5",
    fix="none",
    docs="""\
## What it does
Reports `http://` URLs in `--listen-peer-urls` and `--initial-advertise-peer-urls`, and a
missing `--listen-peer-urls` (etcd's default is `http://localhost:2380`). Loopback URLs are
warnings. When peer TLS files are set, the message notes that etcd ignores them on `http://`.

Also reports each `http://` URL of `--initial-cluster` (`name=url,...`), at the URL: these
are the peer URLs the members dial, whatever their own listeners say. etcd reads the value as
a URL map (etcd-io/etcd `client/pkg/types/urlsmap.go`, `pkg/types` before v3.5,
`NewURLsMap`); a member that bootstraps a new cluster requires its own entry to equal
`--initial-advertise-peer-urls` (`server/config/config.go`, `VerifyBootstrap` and
`advertiseMatchesCluster`: "--initial-cluster has … but missing from
--initial-advertise-peer-urls"), and a joining member dials the others' URLs to find the
cluster. A value a tool, operator or chart writes itself is not reported here (the peer
listener it also writes is); ETCD216 compares the member's own entry with its advertised
URLs.

## Why is this bad?
Peer traffic carries the complete replication stream; a plaintext peer listener also lets
anyone who reaches it act as a member.

## Example
```yaml
- --listen-peer-urls=http://10.0.0.5:2380
```
Use instead:
```yaml
- --listen-peer-urls=https://10.0.0.5:2380
```

## Fix safety
No automatic fix.
""",
    check=check,
)
