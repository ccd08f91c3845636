"""Strict readers for the environment: a bad value stops the start with a clear message."""

import os
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} must be set.")
        return default
    return value


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name, default):
    """Parse DATABASE_URL; only PostgreSQL and SQLite are supported."""
    url = os.environ.get(name) or default
    try:
        config = environ.Env.db_url_config(url)
    except Exception as exc:  # django-environ raises several types for bad URLs
        raise ImproperlyConfigured(f"{name}={url!r} is not a database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured(
            f"{name}={url!r}: only postgres://… and sqlite:///… are supported (got engine {engine or 'none'})."
        )
    return config


def env_email(name, default):
    url = os.environ.get(name) or default
    try:
        config = environ.Env.email_url_config(url)
    except Exception as exc:
        raise ImproperlyConfigured(f"{name}={url!r} is not an e-mail URL: {exc}") from None
    if url.startswith("filemail://"):
        config["EMAIL_FILE_PATH"] = urlparse(url).path  # keep it absolute
    return {key: ("" if value is None else value) for key, value in config.items()}


def env_broker(name, default):
    url = os.environ.get(name) or default
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"redis", "rediss", "amqp", "amqps", "pyamqp", "filesystem"}:
        raise ImproperlyConfigured(
            f"{name}={url!r}: use redis://…, amqp://… or leave it unset for the embedded broker."
        )
    return url
