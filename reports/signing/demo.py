"""Throw-away keys for the demo: a demo CA, and for each demo issuing unit a signer's and an
organisation's certificate (PKCS#12), a seal and a handwritten-signature image. Everything says
"DEMO" and is written under SIGNING_KEYS_DIR/demo/ (var/, never committed); the passphrases go
into the secrets file, where a real deployment keeps its own."""

import datetime
import math
import os
import secrets
import shutil
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils import timezone
from PIL import Image, ImageDraw

from reports.signing.models import SigningIdentity

DEMO_DIR = "demo"
SIGNER_PASSPHRASE = "FRONTWORK_DEMO_SIGNER_PASSPHRASE"
ORGANISATION_PASSPHRASE = "FRONTWORK_DEMO_ORGANISATION_PASSPHRASE"
PASSPHRASES_FILE = "passphrases.env"


def _name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO frontwork — không có giá trị pháp lý"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, key, issuer, issuer_key, *, ca=False, days=3650):
    now = timezone.now() - datetime.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if ca:
        usage = dict(key_cert_sign=True, crl_sign=True, digital_signature=False, content_commitment=False)
    else:
        usage = dict(key_cert_sign=False, crl_sign=False, digital_signature=True, content_commitment=True)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
    builder = builder.add_extension(
        x509.KeyUsage(
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            encipher_only=False,
            decipher_only=False,
            **usage,
        ),
        critical=True,
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pkcs12(path, name, key, cert, ca_cert, passphrase):
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(passphrase.encode())
        )
    )


def seal_png(path, text="DEMO", size=600):
    """A red round seal on a transparent background (a stand-in: two rings, a star, DEMO)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 46, 235)
    c = size / 2
    for radius, width in ((c - 6, 14), (c * 0.72, 6)):
        draw.ellipse((c - radius, c - radius, c + radius, c + radius), outline=red, width=width)
    star = [
        (
            c + (c * 0.32 if i % 2 == 0 else c * 0.13) * math.sin(math.pi * i / 5),
            c * 0.86 - (c * 0.32 if i % 2 == 0 else c * 0.13) * math.cos(math.pi * i / 5),
        )
        for i in range(10)
    ]
    draw.polygon(star, fill=red)
    # The word DEMO drawn with strokes (no font needed), across the lower half.
    letters = {
        "D": [
            ((0, 0), (0, 1)),
            ((0, 0), (0.6, 0)),
            ((0.6, 0), (0.9, 0.3)),
            ((0.9, 0.3), (0.9, 0.7)),
            ((0.9, 0.7), (0.6, 1)),
            ((0.6, 1), (0, 1)),
        ],
        "E": [((0, 0), (0, 1)), ((0, 0), (0.9, 0)), ((0, 0.5), (0.7, 0.5)), ((0, 1), (0.9, 1))],
        "M": [((0, 1), (0, 0)), ((0, 0), (0.45, 0.6)), ((0.45, 0.6), (0.9, 0)), ((0.9, 0), (0.9, 1))],
        "O": [((0, 0), (0.9, 0)), ((0.9, 0), (0.9, 1)), ((0.9, 1), (0, 1)), ((0, 1), (0, 0))],
    }
    h = size * 0.14
    x0 = c - 2 * h * 1.15
    for i, letter in enumerate(text):
        for (ax, ay), (bx, by) in letters.get(letter, []):
            ox, oy = x0 + i * h * 1.15, c + size * 0.06
            draw.line((ox + ax * h, oy + ay * h, ox + bx * h, oy + by * h), fill=red, width=10)
    image.save(path, "PNG")


def signature_png(path, width=600, height=260):
    """A blue handwritten-looking stroke on a transparent background."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 40, 160, 255)
    points = [
        (40 + t * 5.2, height / 2 + math.sin(t / 7) * 55 * math.cos(t / 23) + (t % 17) * 0.4)
        for t in range(100)
    ]
    draw.line(points, fill=blue, width=7, joint="curve")
    draw.line([(60, height * 0.78), (width - 60, height * 0.7)], fill=blue, width=5)
    image.save(path, "PNG")


def _write_demo_dir(folder, unit_names):
    ca_key = _key()
    ca_name = _name("DEMO — Tổ chức chứng thực thử nghiệm frontwork")
    ca_cert = _certificate(ca_name, ca_key, ca_name, ca_key, ca=True)
    (folder / "demo-ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    signer_pass, organisation_pass = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
    for code, (signer_name, organisation_name) in unit_names.items():
        key = _key()
        cert = _certificate(_name(f"DEMO {signer_name}"), key, ca_name, ca_key)
        _pkcs12(folder / f"{code}-nguoi-ky.p12", f"DEMO {signer_name}", key, cert, ca_cert, signer_pass)
        key = _key()
        cert = _certificate(_name(f"DEMO {organisation_name}"), key, ca_name, ca_key)
        _pkcs12(
            folder / f"{code}-to-chuc.p12", f"DEMO {organisation_name}", key, cert, ca_cert, organisation_pass
        )
    seal_png(folder / "con-dau-demo.png")
    signature_png(folder / "chu-ky-demo.png")
    (folder / PASSPHRASES_FILE).write_text(
        f"{SIGNER_PASSPHRASE}={signer_pass}\n{ORGANISATION_PASSPHRASE}={organisation_pass}\n",
        encoding="utf-8",
    )


def _merge_secrets(entries):
    """Add the demo passphrases to the secrets file (replaced atomically, other entries kept)."""
    path = Path(settings.SIGNING_SECRETS_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    kept = [line for line in lines if line.partition("=")[0].strip() not in entries]
    content = "\n".join(kept + [f"{k}={v}" for k, v in entries.items()]) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == content:
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def demo_keys_create(units):
    """Demo keys for `units` ({unit: (signer name, organisation name)}), made once: a second run
    (or a concurrent one) uses the folder already there. Returns the SigningIdentity of each unit."""
    base = Path(settings.SIGNING_KEYS_DIR)
    base.mkdir(parents=True, exist_ok=True)
    folder = base / DEMO_DIR
    codes = {unit.code: names for unit, names in units.items()}

    def complete():
        return folder.is_dir() and all((folder / f"{code}-to-chuc.p12").is_file() for code in codes)

    if not complete():
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".demo-"))
        _write_demo_dir(tmp, codes)
        if complete():  # another process made them meanwhile: theirs are used
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            if folder.is_dir():  # made for other units before: replaced whole
                old = base / f".demo-old-{secrets.token_hex(4)}"
                os.rename(folder, old)
                shutil.rmtree(old, ignore_errors=True)
            try:
                os.rename(tmp, folder)
            except OSError:  # another process made it at the same time: theirs is used
                shutil.rmtree(tmp, ignore_errors=True)
    entries = dict(
        line.split("=", 1)
        for line in (folder / PASSPHRASES_FILE).read_text(encoding="utf-8").splitlines()
        if line
    )
    _merge_secrets(entries)
    identities = []
    for unit, (_signer_name, organisation_name) in units.items():
        identity, _ = SigningIdentity.objects.update_or_create(
            unit=unit,
            defaults=dict(
                organisation_name=organisation_name,
                signer_pkcs12=f"{DEMO_DIR}/{unit.code}-nguoi-ky.p12",
                signer_passphrase_name=SIGNER_PASSPHRASE,
                organisation_pkcs12=f"{DEMO_DIR}/{unit.code}-to-chuc.p12",
                organisation_passphrase_name=ORGANISATION_PASSPHRASE,
                signature_image=f"{DEMO_DIR}/chu-ky-demo.png",
                seal_image=f"{DEMO_DIR}/con-dau-demo.png",
                trust_roots=f"{DEMO_DIR}/demo-ca.pem",
                is_demo=True,
            ),
        )
        identities.append(identity)
    return identities


def expired_pkcs12_for_tests(path, passphrase):
    """A PKCS#12 whose certificate expired yesterday (for the tests of the failure reasons)."""
    key = _key()
    name = _name("DEMO chứng thư đã hết hạn")
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=30))
        .not_valid_after(now - datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    _pkcs12(Path(path), "DEMO het han", key, cert, cert, passphrase)
    return path
