"""Signing with keys on a PKCS#11 token: SoftHSM2 (Debian's softhsm2) holds the demo keys and
certificates; the signing identity names the module, the token, the PIN's variable and the keys'
labels."""

import os
import subprocess

import pytest
from asn1crypto import core as asn1_core
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from reports.signing import issuing, keys
from reports.signing.models import IssuedFile, SigningIdentity, SigningJob
from tests.signing_support import approved_version, demo_validation_context, signature_statuses

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN = "frontwork-thu"
PIN = "123456"
LOADED = set()


@pytest.fixture(scope="session")
def softhsm_token(tmp_path_factory):
    """A SoftHSM2 token of its own for the test session (the library reads SOFTHSM2_CONF once per
    process, when it is first loaded)."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", "654321"],
        check=True,
        capture_output=True,
    )
    return folder


def _put_on_token(folder, credentials, label, key_id):
    """softhsm2-util imports the key; python-pkcs11 adds the certificate under the same label."""
    import pkcs11

    pem = folder / f"{label}.pem"
    pem.write_bytes(credentials.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    imported = subprocess.run(
        [
            "softhsm2-util",
            "--import",
            str(pem),
            "--token",
            TOKEN,
            "--label",
            label,
            "--id",
            key_id,
            "--pin",
            PIN,
        ],
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    pem.unlink()
    token = pkcs11.lib(MODULE).get_token(token_label=TOKEN)
    with token.open(rw=True, user_pin=PIN) as session:
        session.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.LABEL: label,
                pkcs11.Attribute.ID: bytes.fromhex(key_id),
                pkcs11.Attribute.VALUE: credentials.certificate.public_bytes(Encoding.DER),
                pkcs11.Attribute.SUBJECT: credentials.certificate.subject.public_bytes(),
                pkcs11.Attribute.ISSUER: credentials.certificate.issuer.public_bytes(),
                pkcs11.Attribute.SERIAL_NUMBER: asn1_core.Integer(
                    credentials.certificate.serial_number
                ).dump(),
            }
        )


@pytest.fixture
def token_identity(demo, softhsm_token, monkeypatch):
    identity = SigningIdentity.objects.get(unit=demo.host_unit)
    signer, organisation = keys.identity_credentials(identity)  # the demo's PKCS#12 files
    if softhsm_token not in LOADED:  # the demo keys are the same for the whole session
        _put_on_token(softhsm_token, signer, "nguoi-ky", "01")
        _put_on_token(softhsm_token, organisation, "to-chuc", "02")
        LOADED.add(softhsm_token)
    monkeypatch.setenv("FRONTWORK_TEST_TOKEN_PIN", PIN)
    SigningIdentity.objects.filter(pk=identity.pk).update(
        signer_pkcs12="",
        organisation_pkcs12="",
        pkcs11_module=MODULE,
        pkcs11_token_label=TOKEN,
        pkcs11_pin_name="FRONTWORK_TEST_TOKEN_PIN",
        signer_key_label="nguoi-ky",
        organisation_key_label="to-chuc",
    )
    return SigningIdentity.objects.get(pk=identity.pk)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def test_the_keys_on_a_pkcs11_token_sign_the_approved_version(
    demo, demo_users, media, token_identity, django_capture_on_commit_callbacks
):
    version = approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)
    job = SigningJob.objects.get(version=version)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.DONE, job.error
    issued = IssuedFile.objects.get(version=version, kind="signed")
    with open(f"{media}/{issued.file.name}", "rb") as f:
        statuses = signature_statuses(f.read(), demo_validation_context(demo))
    assert len(statuses) == 2 and all(s.intact and s.valid and s.trusted for _, s in statuses)
    assert "DEMO" in issued.signer_subject


def test_a_wrong_pin_fails_signing_with_a_reason(
    demo, demo_users, media, token_identity, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("FRONTWORK_TEST_TOKEN_PIN", "000000")
    version = approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)
    job = SigningJob.objects.get(version=version)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED
    assert job.error == "Không mở được thẻ ký số (PKCS#11): sai mã PIN."
