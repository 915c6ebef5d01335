"""What every ``bahth`` command shares: error handling at the boundary.

Library errors (:class:`~search.errors.BahthError`) become one line on
stderr and exit code 1; click's usage errors exit 2; success exits 0.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from search.errors import BahthError

PATH = click.Path(path_type=Path)


class BahthGroup(click.Group):
    """Turns library errors into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BahthError as error:
            raise click.ClickException(str(error)) from None
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        except BrokenPipeError:
            # The reader of our output went away (`bahth search … | head`): not an error.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed pipe
            return None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


def engine_options(func: Any) -> Any:
    """``--engine``, ``--solr-url``, ``--collection``, ``--solr-analysis`` (or their
    ``BAHTH_*`` environment variables), for every command that reads or writes an index."""
    options = [
        click.option(
            "--engine",
            "engine_kind",
            type=click.Choice(["whoosh", "solr"]),
            envvar="BAHTH_ENGINE",
            default="whoosh",
            show_default=True,
            help="The embedded Whoosh index, or a SolrCloud (env BAHTH_ENGINE).",
        ),
        click.option(
            "--solr-url",
            envvar="BAHTH_SOLR_URL",
            default=None,
            help="SolrCloud node URLs, comma-separated (env BAHTH_SOLR_URL; "
            "default http://127.0.0.1:8983/solr).",
        ),
        click.option(
            "--collection",
            envvar="BAHTH_SOLR_COLLECTION",
            default=None,
            help="The Solr alias built and searched (env BAHTH_SOLR_COLLECTION; default news).",
        ),
        click.option(
            "--solr-analysis",
            type=click.Choice(["bahth", "solr"]),
            envvar="BAHTH_SOLR_ANALYSIS",
            default=None,
            help="Search Bahth's pre-analysed forms (default) or Solr's Arabic analysis.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
