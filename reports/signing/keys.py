"""The keys of a signing identity, read when the worker signs. Each problem is a `KeyProblem`
whose message says, in Vietnamese, what an administrator has to fix; it is stored with the failed
job and shown on the final report page. Passphrases come from the environment or the secrets
file, by the name the identity holds, and are never stored in the database."""

import os
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings
from django.utils import timezone


class KeyProblem(Exception):
    """A signing identity that cannot sign: its message is the reason shown to users."""


def resolve(path):
    """A configured path: relative ones start at SIGNING_KEYS_DIR."""
    path = Path(path)
    return path if path.is_absolute() else Path(settings.SIGNING_KEYS_DIR) / path


def _secrets_file_entries():
    path = Path(settings.SIGNING_SECRETS_FILE)
    if not path.is_file():
        return {}
    entries = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() and not name.lstrip().startswith("#"):
            entries[name.strip()] = value.strip()
    return entries


def passphrase(name, *, whose):
    """The passphrase held by environment variable `name`, else by entry `name` of the secrets file."""
    if not name:
        raise KeyProblem(f"Chưa khai báo tên biến chứa mật khẩu chứng thư số của {whose}.")
    value = os.environ.get(name)
    if value is None:
        value = _secrets_file_entries().get(name)
    if value is None:
        raise KeyProblem(
            f"Không tìm thấy mật khẩu chứng thư số của {whose}: biến môi trường hoặc mục “{name}” "
            "trong tệp bí mật chưa được khai báo."
        )
    return value.encode()


@dataclass
class Credentials:
    """A key and certificate read from a PKCS#12 file."""

    key: object
    certificate: x509.Certificate
    chain: list

    @property
    def subject(self):
        return self.certificate.subject.rfc4514_string()

    def close(self):
        pass

    def asn1(self):
        """(certificate, chain) as asn1crypto objects, for pyHanko."""
        return (
            asn1_x509.Certificate.load(self.certificate.public_bytes(Encoding.DER)),
            [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in self.chain],
        )


def load_pkcs12(path, passphrase_name, *, whose):
    """The key and certificate of a PKCS#12 file, checked: present, readable with the passphrase,
    holding a key, valid now."""
    file = resolve(path) if path else None
    if file is None or not file.is_file():
        raise KeyProblem(
            f"Không tìm thấy tệp chứng thư số (PKCS#12) của {whose}: {path or '(chưa khai báo)'}."
        )
    secret = passphrase(passphrase_name, whose=whose)
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(file.read_bytes(), secret)
    except ValueError as exc:
        raise KeyProblem(f"Không mở được tệp chứng thư số của {whose}: sai mật khẩu hoặc tệp hỏng.") from exc
    if key is None or certificate is None:
        raise KeyProblem(f"Tệp chứng thư số của {whose} không chứa khóa bí mật và chứng thư.")
    _check_validity(certificate, whose)
    return Credentials(key, certificate, list(chain or []))


def image(path, *, what):
    file = resolve(path) if path else None
    if file is None or not file.is_file():
        raise KeyProblem(f"Không tìm thấy {what}: {path or '(chưa khai báo)'}.")
    return file


def _check_validity(certificate, whose):
    now = timezone.now()
    local = timezone.localtime
    if certificate.not_valid_after_utc < now:
        raise KeyProblem(
            f"Chứng thư số của {whose} đã hết hạn từ {local(certificate.not_valid_after_utc):%d/%m/%Y %H:%M}."
        )
    if certificate.not_valid_before_utc > now:
        raise KeyProblem(
            f"Chứng thư số của {whose} chưa có hiệu lực (từ {local(certificate.not_valid_before_utc):%d/%m/%Y %H:%M})."
        )


@dataclass
class TokenCredentials:
    """A key on a PKCS#11 token (USB token, HSM) and its certificate, stored on the token under
    the same label; the session is closed once signing is over."""

    session: object
    key_label: str
    certificate: x509.Certificate
    chain: list

    @property
    def subject(self):
        return self.certificate.subject.rfc4514_string()

    def close(self):
        self.session.close()


def _token_credentials(identity):
    """(signer, organisation) from the identity's PKCS#11 token (one session, opened here)."""
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    if not Path(identity.pkcs11_module).is_file():
        raise KeyProblem(f"Không tìm thấy thư viện PKCS#11: {identity.pkcs11_module}.")
    pin = passphrase(identity.pkcs11_pin_name, whose="thẻ ký số (mã PIN)").decode()
    try:
        session = open_pkcs11_session(
            identity.pkcs11_module,
            token_criteria=TokenCriteria(label=identity.pkcs11_token_label or None),
            user_pin=pin,
        )
    except pkcs11.exceptions.PinIncorrect as exc:
        raise KeyProblem("Không mở được thẻ ký số (PKCS#11): sai mã PIN.") from exc
    except (pkcs11.PKCS11Error, Exception) as exc:
        raise KeyProblem(
            f"Không mở được thẻ ký số (PKCS#11) “{identity.pkcs11_token_label}”: {type(exc).__name__}."
        ) from exc
    try:
        parties = []
        for label, whose in (
            (identity.signer_key_label, "người ký"),
            (identity.organisation_key_label, "tổ chức"),
        ):
            certificates = list(
                session.get_objects(
                    {pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE, pkcs11.Attribute.LABEL: label}
                )
            )
            keys_found = list(
                session.get_objects(
                    {pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY, pkcs11.Attribute.LABEL: label}
                )
            )
            if not label or not certificates or not keys_found:
                raise KeyProblem(f"Không tìm thấy khóa và chứng thư “{label}” của {whose} trên thẻ ký số.")
            certificate = x509.load_der_x509_certificate(certificates[0][pkcs11.Attribute.VALUE])
            _check_validity(certificate, whose)
            parties.append(TokenCredentials(session, label, certificate, []))
    except BaseException:
        session.close()
        raise
    parties[1].close = lambda: None  # one session for both: closed once, by the signer's
    return parties[0], parties[1]


def identity_credentials(identity):
    """(signer, organisation) credentials of a SigningIdentity; KeyProblem says what is wrong.
    From its PKCS#11 token when a module is configured, else from its two PKCS#12 files."""
    if identity is None:
        raise KeyProblem(
            "Đơn vị ban hành chưa được cấu hình chứng thư số (quản trị: “Chứng thư ký số của đơn vị”)."
        )
    if identity.pkcs11_module:
        return _token_credentials(identity)
    signer = load_pkcs12(identity.signer_pkcs12, identity.signer_passphrase_name, whose="người ký")
    organisation = load_pkcs12(
        identity.organisation_pkcs12, identity.organisation_passphrase_name, whose="tổ chức"
    )
    return signer, organisation


def trust_roots(identity):
    """The root certificates (asn1crypto) that signatures of `identity` are checked against."""
    file = resolve(identity.trust_roots) if identity.trust_roots else None
    if file is None or not file.is_file():
        return []
    return [
        asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
        for cert in x509.load_pem_x509_certificates(file.read_bytes())
    ]
