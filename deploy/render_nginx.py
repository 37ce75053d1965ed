#!/usr/bin/env python3
"""Write deploy/nginx.conf for this machine: its `${METROHUB_…}` placeholders, and only those, are
filled from the environment (nginx's own `$variables` are left alone). Standard library only.

    set -a; . /etc/metrohub.env; set +a
    export METROHUB_SERVER_NAME=metrohub.example.org
    python3 deploy/render_nginx.py > /etc/nginx/sites-enabled/metrohub

A placeholder with neither a value nor a default stops it with a message: no half-written file.
The security suite renders the same file the same way (tests/security/test_nginx.py).
"""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf")
PLACEHOLDER = re.compile(r"\$\{(METROHUB_[A-Z_]+)\}")
# What a one-machine install uses unless the environment says otherwise (see deploy/README.md).
DEFAULTS = {
    "METROHUB_LISTEN_HTTP": "80",
    "METROHUB_LISTEN_HTTPS": "443",
    "METROHUB_UPSTREAM": "127.0.0.1:8001",  # gunicorn's --bind in metrohub-web.service
    "METROHUB_TLS_CERTIFICATE": "/etc/letsencrypt/live/${METROHUB_SERVER_NAME}/fullchain.pem",
    "METROHUB_TLS_KEY": "/etc/letsencrypt/live/${METROHUB_SERVER_NAME}/privkey.pem",
}


def render(template: str, environ: dict) -> str:
    values = {**DEFAULTS, **{k: v for k, v in environ.items() if k.startswith("METROHUB_") and v}}
    missing = sorted({name for name in PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise SystemExit(f"render_nginx: set {', '.join(missing)} (see deploy/README.md)")

    def fill(match: re.Match) -> str:
        value = PLACEHOLDER.sub(lambda inner: values[inner.group(1)], values[match.group(1)])
        if any(c in value for c in ";{}\n\"'") or PLACEHOLDER.search(value):
            raise SystemExit(f"render_nginx: {match.group(1)} holds a character nginx would misread")
        return value

    return PLACEHOLDER.sub(fill, template)


if __name__ == "__main__":
    sys.stdout.write(render(TEMPLATE.read_text(), dict(os.environ)))
