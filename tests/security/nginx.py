"""Debian's nginx on loopback, in front of a LiveSite, with deploy/nginx.conf rendered by variables only.

The site file is the deployment's own (`deploy/render_nginx.py` fills its ${METROHUB_…} placeholders:
loopback ports, a self-signed certificate, the site's port and folders). Around it sits the least a
main nginx.conf needs to run unprivileged in a temporary folder (pid, logs, temporary paths), the
part Debian's /etc/nginx/nginx.conf plays on a server.
"""

import datetime as dt
import ipaddress
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from metrohub.core.system import nginx_binary
from tests.security.conftest import ROOT, Browser, LiveSite, free_port

MAIN_CONF = """\
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {dir}/access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/metrohub.conf;
}}
"""


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (cryptography), as PEM files in `folder`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class SourceAddress(HTTPAdapter):
    """Connect from a chosen loopback address (Linux answers on all of 127.0.0.0/8), so that the
    client, nginx (127.0.0.1) and gunicorn each have an address of their own."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class Nginx:
    site: LiveSite
    folder: Path
    http_port: int = 0
    https_port: int = 0
    certificate: Path | None = None
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def variables(self) -> dict:
        """This machine's values for the deployment file's placeholders: the only adaptation."""
        self.certificate, key = self_signed_certificate(self.folder)
        return {
            "METROHUB_SERVER_NAME": "127.0.0.1",
            "METROHUB_LISTEN_HTTP": f"127.0.0.1:{self.http_port}",
            "METROHUB_LISTEN_HTTPS": f"127.0.0.1:{self.https_port}",
            "METROHUB_TLS_CERTIFICATE": str(self.certificate),
            "METROHUB_TLS_KEY": str(key),
            "METROHUB_UPSTREAM": f"127.0.0.1:{self.site.port}",
            "METROHUB_STATIC_ROOT": self.site.env["METROHUB_STATIC_ROOT"],
            "METROHUB_MEDIA_ROOT": str(self.site.var_dir / "media"),
        }

    def start(self) -> None:
        self.http_port, self.https_port = free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("METROHUB_")}
        rendered = subprocess.run(
            [sys.executable, str(ROOT / "deploy" / "render_nginx.py")],
            env={**env, **self.variables()},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (self.folder / "metrohub.conf").write_text(rendered)
        # As root, nginx's workers would become `nobody`, who cannot read the test's private folders.
        user = "user root;" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(MAIN_CONF.format(dir=self.folder, user=user))
        command = [nginx_binary(), "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        command += ["-e", str(self.folder / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, f"nginx refuses the rendered deploy/nginx.conf:\n{checked.stderr}"
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"nginx stopped:\n{self.error_log()}"
            try:
                requests.get(self.url + "/health/", verify=str(self.certificate), timeout=5)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise AssertionError(f"nginx did not answer on {self.url}:\n{self.error_log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-5000:] if path.exists() else ""

    def browser(self, *, source: str = "127.0.0.1", forwarded_for: str | None = None) -> Browser:
        """A client of nginx over HTTPS, connecting from `source`, sending `forwarded_for` as its
        own X-Forwarded-For (a spoofing attempt) if given."""
        browser = Browser(self.url, forwarded_for=forwarded_for)
        browser.verify = str(self.certificate)
        browser.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment overrides `verify`
        browser.mount("https://", SourceAddress(source))
        browser.mount("http://", SourceAddress(source))
        return browser
