#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontwork.settings")
    # manage.py is the developer's entry point: development settings unless DEBUG is set. The
    # deployment entry points (wsgi, asgi, the Celery app) default to DEBUG off.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
