"""The `novex` command line: thin edges over the services."""

from novex.cli.main import app

__all__ = ["app"]
