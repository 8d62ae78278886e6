"""Values as a message may show them: the password of a URL hidden, and a long value cut.

A report is read by more people than the repository's secrets are meant for (SARIF is shown
to anyone who can read the repository's code scanning alerts; a CI log to anyone who can
read the job). So a URL's password (``http://root:PW@10.0.0.1:2379``, the form Go's
``net/url`` reads as user information) is shown as ``***`` (``http://root:***@…``, as Go's
``URL.Redacted`` does), and a value longer than ``MAX_SHOWN`` characters is cut with an
ellipsis.
"""

from __future__ import annotations

from etcdlint.text.lazy_regex import lazy

MAX_SHOWN = 200
ELLIPSIS = "…"

# scheme://user:password@ — the password runs up to the authority's last "@" (as Go's
# url.Parse splits it), never over "/", "?", "#", "," (etcd's URL lists) or a blank.
_USERINFO = lazy(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s/?#@:,]*):[^\s/?#,]*@")
_LONG_WORD = lazy(r"[^\s%s]{%d,}" % (ELLIPSIS, MAX_SHOWN + 1))  # (not one already cut)


def redact_urls(text: str) -> str:
    """``text`` with the password of every URL in it shown as ``***``."""
    if "@" not in text or "://" not in text:
        return text
    return _USERINFO.sub(r"\g<head>:***@", text)


def shown_value(value: str, limit: int = MAX_SHOWN) -> str:
    """A value as a message shows it: URL passwords hidden, at most ``limit`` characters."""
    value = redact_urls(value)
    return value if len(value) <= limit else value[:limit] + ELLIPSIS


def shown_message(message: str) -> str:
    """A whole message made safe to show: URL passwords hidden and every run of more than
    ``MAX_SHOWN`` non-blank characters cut (what a builder echoed without ``shown_value``)."""
    message = redact_urls(message)
    if len(message) > MAX_SHOWN:
        message = _LONG_WORD.sub(lambda m: m.group()[:MAX_SHOWN] + ELLIPSIS, message)
    return message
