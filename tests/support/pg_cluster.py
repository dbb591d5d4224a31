"""A throwaway PostgreSQL cluster for the tests: initdb + pg_ctl in a temporary folder.

The server runs as an unprivileged system user (PostgreSQL refuses root), listens only on
127.0.0.1 on a free port, and accepts only TLS connections with a certificate signed by a CA
made here, so clients connect with ``sslmode=verify-full`` to ``localhost``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SERVER_USER = "confide-pg"
SUPERUSER = "postgres"
MIN_VERSION = 15


class PostgresMissingError(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


@dataclass(frozen=True)
class Cluster:
    """A running cluster: where it listens and how to reach it as the superuser."""

    port: int
    password: str
    ca_file: Path
    folder: Path

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        """A SQLAlchemy URL with verify-full TLS against the cluster's CA."""
        secret = self.password if password is None else password
        return (
            f"postgresql+psycopg://{user}:{secret}@localhost:{self.port}/{database}"
            f"?sslmode=verify-full&sslrootcert={self.ca_file}"
        )


def find_bin_dir() -> Path:
    """The newest Debian-style PostgreSQL bin folder (>= 15), or pg_ctl on PATH."""
    override = os.environ.get("CONFIDE_PG_BIN")
    candidates = [Path(override)] if override else []
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted(
            (p for p in root.iterdir() if p.name.isdigit() and int(p.name) >= MIN_VERSION),
            key=lambda p: int(p.name),
            reverse=True,
        )
        candidates += [v / "bin" for v in versions]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresMissingError(
        "PostgreSQL 15+ server binaries (initdb, pg_ctl) were not found: install Debian's "
        "'postgresql' package, or set CONFIDE_PG_BIN to the folder holding them."
    )


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster in a fresh temporary folder; stop it and delete the folder after."""
    bin_dir = find_bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="confide-pg-"))
    uid, gid = _server_identity()
    try:
        cluster = _init(bin_dir, folder, uid, gid)
        _run(
            bin_dir / "pg_ctl",
            uid,
            gid,
            "-D",
            str(folder / "data"),
            "-w",
            "-t",
            "60",
            "-l",
            str(folder / "server.log"),
            "-o",
            _options(folder, cluster.port),
            "start",
        )
        try:
            yield cluster
        finally:
            _run(
                bin_dir / "pg_ctl",
                uid,
                gid,
                "-D",
                str(folder / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _server_identity() -> tuple[int, int]:
    """The uid/gid to run the server as: ourselves, or a system user when we are root."""
    if os.geteuid() != 0:
        return os.getuid(), os.getgid()
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                SERVER_USER,
            ],
            check=True,
            capture_output=True,
        )
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _init(bin_dir: Path, folder: Path, uid: int, gid: int) -> Cluster:
    password = secrets.token_hex(16)
    pwfile = folder / "pwfile"
    pwfile.write_text(password + "\n")
    ca_file = _write_certificates(folder)
    for path in folder.iterdir():
        os.chown(path, uid, gid)
    os.chown(folder, uid, gid)
    folder.chmod(0o700)
    _run(
        bin_dir / "initdb",
        uid,
        gid,
        "-D",
        str(folder / "data"),
        "-U",
        SUPERUSER,
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=reject",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-sync",
    )
    pwfile.unlink()
    (folder / "data" / "pg_hba.conf").write_text(
        "# TLS only, passwords (SCRAM) only\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "hostnossl all all all reject\n"
    )
    return Cluster(port=_free_port(), password=password, ca_file=ca_file, folder=folder)


def _options(folder: Path, port: int) -> str:
    settings = {
        "port": str(port),
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": str(folder),
        "ssl": "on",
        "ssl_cert_file": str(folder / "server.crt"),
        "ssl_key_file": str(folder / "server.key"),
        "ssl_min_protocol_version": "TLSv1.2",
        "fsync": "off",  # a throwaway cluster: speed over durability
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "max_connections": "60",
        "shared_buffers": "32MB",
    }
    return " ".join(f"-c {name}={value}" for name, value in settings.items())


def _write_certificates(folder: Path) -> Path:
    """A CA and a server certificate for localhost signed by it (ECDSA P-256)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Confide test practice CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (folder / "server.crt").write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    key_path = folder / "server.key"
    key_path.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    ca_file = folder / "ca.crt"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return ca_file


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(program: Path, uid: int, gid: int, *args: str) -> None:
    """Run a server program as the server's user; its output goes into the error if it fails."""
    as_other = uid != os.getuid()
    result = subprocess.run(
        [str(program), *args],
        user=uid if as_other else None,
        group=gid if as_other else None,
        extra_groups=[] if as_other else None,
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{program.name} failed ({result.returncode}): {result.stdout}\n{result.stderr}"
        )
