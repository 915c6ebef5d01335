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
