"""``bahth story ID``: one story's versions in a terminal; and a collapsed hit's others.

The same :func:`search.query.story_page.story_page` the web page and
``/api/stories/<id>`` show: first published first, each version's outlet, date,
headline, and the sentences it adds (``+``) and drops (``-``) against the first.
``--json`` prints the API's body.
"""

from __future__ import annotations

import json

import click

from search.cli.base import PATH
from search.cli.search_options import opened_engine
from search.config import DEFAULT_INDEX
from search.engine.base import Engine
from search.query.response import Hit
from search.query.story_page import story_page


def other_versions(hit: Hit) -> str:
    """A collapsed hit's other versions on one line: outlet (date), …"""
    return ", ".join(
        f"{o.source_label or o.source or o.id}" + (f" ({o.published})" if o.published else "")
        for o in hit.others
    )


@click.command("story")
@click.argument("story")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON body.")
@opened_engine
def story_command(story: str, as_json: bool, engine: Engine) -> None:
    """Every version of a story, first published first, with what each adds and drops."""
    found = story_page(engine, story)
    if found is None:
        raise click.ClickException(f"no story with id {story[:200]}")
    if as_json:
        from web.story_schemas import StorySchema

        click.echo(json.dumps(StorySchema().dump(found), ensure_ascii=False, indent=2))
        return
    click.echo(f"story {found.story}: {found.size} versions, first published first")
    for rank, v in enumerate(found.versions, start=1):
        meta = " · ".join(x for x in [v.source_label or v.source, v.published] if x)
        click.echo(f"\n{rank}. {v.title}  [{v.id}]" + (f"  ({meta})" if meta else ""))
        if v.first:
            click.echo("   the first version")
            continue
        click.echo(f"   adds {len(v.added)} sentences, drops {len(v.dropped)}")
        for sentence in v.added:
            click.echo("   + " + " ".join(sentence.split()))
        for sentence in v.dropped:
            click.echo("   - " + " ".join(sentence.split()))
