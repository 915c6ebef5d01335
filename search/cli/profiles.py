"""``bahth actor NAME`` and ``bahth place NAME``: the facts of one actor's or place's page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from search.cli.search_options import opened_engine
from search.config import DEFAULT_INDEX
from search.engine.base import Engine
from search.query.profiles import Profile, profile
from web.profiles import profile_body

PATH = click.Path(path_type=Path)


def _print(found: Profile) -> None:
    click.echo(f"{found.name}: {found.articles} articles")
    if found.spellings or found.latin:
        click.echo("spellings: " + ", ".join((*found.spellings, *found.latin)))
    click.echo("months: " + ", ".join(f"{m.value} ({m.count})" for m in found.months))
    click.echo("outlets: " + ", ".join(f"{o.value} ({o.count})" for o in found.outlets))
    click.echo("actors beside it: " + ", ".join(f"{a.value} ({a.count})" for a in found.actors))
    click.echo("places beside it: " + ", ".join(f"{p.value} ({p.count})" for p in found.places))
    click.echo("latest:")
    for article in found.latest:
        click.echo(f"  {article.published or '----------'}  {article.title}  [{article.id}]")


def _command(kind: str, facet: str) -> click.Command:
    @click.command(kind, help=f"The facts of one {kind}'s page (--json: the API's body).")
    @click.argument("name")
    @click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
    @click.option("--json", "as_json", is_flag=True, help="Print the API's JSON body.")
    @opened_engine
    def command(name: str, as_json: bool, engine: Engine) -> None:
        found = profile(engine, facet, name)
        if found is None:
            raise click.ClickException(f"no article names the {kind} «{name}»")
        if as_json:
            click.echo(json.dumps(profile_body(found), ensure_ascii=False, indent=2))
        else:
            _print(found)

    return command


actor_command = _command("actor", "actors")
place_command = _command("place", "places")
