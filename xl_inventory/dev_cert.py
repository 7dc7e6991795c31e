"""A certificate for trying the Office add-in on one computer: Excel loads add-ins over HTTPS
only. Made with the ``cryptography`` library: a self-signed certificate for localhost and
127.0.0.1, valid for a year, with the key beside it. It is for development, never for a team:
give the team a certificate their computers already trust."""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

TRUST_HINT = {
    "win32": "double-click the .pem, Install Certificate > Local Machine > Trusted Root "
             "Certification Authorities",
    "darwin": "sudo security add-trusted-cert -d -r trustRoot -k "
              "/Library/Keychains/System.keychain CERT",
    "linux": "copy it to /usr/local/share/ca-certificates/ as .crt and run "
             "update-ca-certificates",
}


def make_dev_certificate(folder: Path, days: int = 365) -> tuple[Path, Path]:
    """Write ``xl-inventory-dev.pem`` and ``xl-inventory-dev-key.pem`` into ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "xl-inventory development")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "xl-inventory-dev.pem", folder / "xl-inventory-dev-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path
