"""The member's own ``--initial-cluster`` entry against ``--initial-advertise-peer-urls``.

etcd-io/etcd ``server/config/config.go``: a member that bootstraps a new cluster (no WAL yet,
``--initial-cluster-state=new``) runs ``VerifyBootstrap``, and a joining one
``VerifyJoinExisting``. Both require the member's ``--name`` in ``--initial-cluster``
(``hasLocalMember``: "couldn't find local name %q in the initial cluster configuration");
``VerifyBootstrap`` also requires the URLs of that entry to equal the advertised peer URLs
(``advertiseMatchesCluster``: "--initial-cluster has … but missing from
--initial-advertise-peer-urls=…"), after resolving host names. A different scheme or port,
or different IP addresses, can never match; different host names may resolve alike and are
not judged. Defaults: ``--name`` is ``default``, ``--initial-advertise-peer-urls`` is
``http://localhost:2380`` (``server/embed/config.go``).
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from etcdlint.model import ORIGIN_CHART_VALUE, ORIGIN_KUBEADM_DEFAULT, ORIGIN_TOOL_DEFAULT
from etcdlint.rules.base import Rule, make, setting_name
from etcdlint.rules.urls import cluster_members, scheme_and_host
from etcdlint.text.shown import shown_value

_DERIVED = frozenset((ORIGIN_CHART_VALUE, ORIGIN_KUBEADM_DEFAULT, ORIGIN_TOOL_DEFAULT))
_DISCOVERY = ("discovery", "discovery-srv", "discovery-endpoints")


def _port(url: str) -> Optional[str]:
    rest = url.partition("://")[2].split("/", 1)[0]
    if rest.startswith("["):
        rest = rest.split("]", 1)[-1]
    _, colon, port = rest.rpartition(":")
    return port if colon else None


def _ip(host: Optional[str]):
    import ipaddress  # (only where two URL lists differ: its import is not cheap)

    try:
        return ipaddress.ip_address(host or "")
    except ValueError:
        return None


def never_equal(own: List[str], advertised: List[str]) -> bool:
    """Whether these URL lists differ whatever host names resolve to."""
    if sorted(own) == sorted(advertised):
        return False  # (the common case, and the cheap one)
    if len(set(own)) != len(set(advertised)):
        return True
    key = lambda url: (scheme_and_host(url)[0], _port(url))  # noqa: E731
    if sorted(map(key, own)) != sorted(map(key, advertised)):
        return True
    ips = [_ip(scheme_and_host(url)[1]) for url in own + advertised]
    if all(ip is not None for ip in ips):
        full = lambda url: (key(url), _ip(scheme_and_host(url)[1]))  # noqa: E731
        return sorted(map(full, own)) != sorted(map(full, advertised))
    return False


def _value(config, name: str, default: str) -> Tuple[Optional[str], bool]:
    """The value etcd reads, and whether it is known (a tool's stand-in such as
    ``<pod-name>`` is not)."""
    setting = config.get(name)
    if setting is None:
        return default, True
    return setting.value, setting.known and setting.origin not in _DERIVED


def check(config, options):
    initial = config.get("initial-cluster")
    if initial is None or not initial.known or initial.origin in _DERIVED or \
            initial.value_span == config.anchor_span or not config.complete:
        return
    if any(config.get(name) is not None for name in _DISCOVERY):
        return
    name, name_known = _value(config, "name", "default")
    state, state_known = _value(config, "initial-cluster-state", "new")
    advertised, advertised_known = _value(config, "initial-advertise-peer-urls",
                                          "http://localhost:2380")
    if not (name_known and state_known and advertised_known):
        return
    members = cluster_members(initial)
    own = [(url, span) for member, url, span in members if member == name]
    label = setting_name(config, "initial-cluster")
    if not own:
        if members:
            yield make(RULE, config.path, initial.value_span,
                       f"{label} has no entry for this member's name {name!r}: etcd refuses "
                       f"to start (couldn't find local name {name!r} in the initial cluster "
                       "configuration)", None,
                       f"add {name}=<this member's peer URL> to {label}, or set "
                       f"{setting_name(config, 'name')} to the name of its entry there")
        return
    if state != "new":
        return
    ad_urls = [u.strip() for u in advertised.split(",") if u.strip()]
    if never_equal([url for url, _ in own], ad_urls):
        adv_label = setting_name(config, "initial-advertise-peer-urls")
        yield make(RULE, config.path, own[0][1],
                   f"{label} has {name}={shown_value(','.join(url for url, _ in own))} but "
                   f"{adv_label} is {shown_value(','.join(ad_urls))}: etcd refuses to bootstrap a "
                   "new cluster "
                   f"(--initial-cluster has {name}=… but missing from "
                   "--initial-advertise-peer-urls)", None,
                   f"make {label}'s entry {name}={','.join(ad_urls)}, or {adv_label} "
                   f"{','.join(url for url, _ in own)}: the two must match")


RULE = Rule(
    code="ETCD216",
    name="InitialClusterMismatch",
    title="The member's own --initial-cluster entry does not match its advertised peer URLs",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports an `--initial-cluster` without an entry for the member's `--name` (etcd's default
name is `default`), and, when the member bootstraps a new cluster
(`--initial-cluster-state=new`, the default), an own entry whose URLs can never equal
`--initial-advertise-peer-urls` (default `http://localhost:2380`): another scheme
(`http://` against `https://`), another port, or other IP addresses. Host names are not
judged, since etcd compares the URLs after resolving them. Values etcdlint cannot know and
configurations using discovery are not judged.

## Why is this bad?
etcd refuses to start: "couldn't find local name … in the initial cluster configuration", or
"--initial-cluster has … but missing from --initial-advertise-peer-urls".

## Example
```yaml
- --name=etcd-0
- --initial-advertise-peer-urls=https://10.0.0.5:2380
- --initial-cluster=etcd-0=http://10.0.0.5:2380
```
Use instead `--initial-cluster=etcd-0=https://10.0.0.5:2380`.

## Fix safety
No automatic fix.
""",
    check=check,
)
