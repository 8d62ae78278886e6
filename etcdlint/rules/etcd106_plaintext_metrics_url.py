from etcdlint.rules.base import Rule, make, setting_name
from etcdlint.rules.urls import loopback_url, plaintext, secure_url
from etcdlint.text.shown import shown_value


def check(config, options):
    setting = config.get("listen-metrics-urls")
    if setting is None or setting.value is None:
        return
    for url, span in setting.parts():
        if plaintext(url) == "network":
            yield make(RULE, config.path, span,
                       f"{setting_name(config, 'listen-metrics-urls')} has {shown_value(url)}: metrics and "
                       "health endpoints are served to the network without TLS", None,
                       f"make it {secure_url(url)} (served with --cert-file and --key-file), "
                       f"or {loopback_url(url)} to serve this host only")


RULE = Rule(
    code="ETCD106",
    name="PlaintextMetricsURL",
    title="etcd serves metrics to the network without TLS",
    cis=None,
    severity="note",
    security_severity="3.1",
    fix="none",
    docs="""\
## What it does
Reports `http://` URLs in `--listen-metrics-urls` on addresses other than loopback. kubeadm's
own `http://127.0.0.1:2381` is not reported.

## Why is this bad?
The metrics endpoint carries no keys or values, but it tells anyone on the network the
cluster's size, activity and health, and `/debug` handlers on it may follow. It is often
opened on `0.0.0.0` for Prometheus; a note reminds you to restrict it by network policy, a
firewall, or `https://` (which needs `--cert-file` and `--key-file`).

## Example
```yaml
extraArgs:
  listen-metrics-urls: http://0.0.0.0:2381
```

## Fix safety
No automatic fix.
""",
    check=check,
)
