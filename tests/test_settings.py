import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from frontwork import env


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env.env_bool("X_FLAG", default=None) is expected


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env.env_bool("X_FLAG", default=False)


def test_env_int_rejects_text(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env.env_int("X_NUM", 1)


def test_database_url_must_be_postgres_or_sqlite(monkeypatch):
    monkeypatch.setenv("X_DB", "mysql://root@localhost/x")
    with pytest.raises(ImproperlyConfigured, match="only postgres"):
        env.env_database("X_DB", "sqlite:///x")
    monkeypatch.setenv("X_DB", "postgres://u:p@db.example:5433/frontwork")
    config = env.env_database("X_DB", "sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "frontwork")


def test_broker_url_scheme_is_checked(monkeypatch):
    monkeypatch.setenv("X_BROKER", "kafka://localhost")
    with pytest.raises(ImproperlyConfigured, match="redis://"):
        env.env_broker("X_BROKER", "filesystem://")
    monkeypatch.setenv("X_BROKER", "amqp://guest:guest@localhost:5672//")
    assert env.env_broker("X_BROKER", "filesystem://").startswith("amqp://")


def _check(extra_env):
    """Run `manage.py check` in a fresh process with the given environment."""
    import os

    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    environ.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environ,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _check({"DEBUG": "0", "ALLOWED_HOSTS": "frontwork.example"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = _check(
        {
            "DEBUG": "0",
            "ALLOWED_HOSTS": "frontwork.example",
            "SECRET_KEY": "k" * 20 + "x7Qp-2vL!9#zR4tY8wB1nM6cD3sF5gH0jK",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_bad_debug_value_stops_the_start():
    result = _check({"DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def test_manage_py_uses_development_settings_unless_told_otherwise():
    import os

    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env=environ,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True")
