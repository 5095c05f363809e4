"""`somsim init`: write an annotated template scenario."""

from __future__ import annotations

from pathlib import Path

import click

from somsim.cli.options import Command
from somsim.errors import UsageError


@click.command(cls=Command)
@click.argument("name")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the scenario (default: NAME.toml).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(name: str, out_path: Path | None, force: bool) -> None:
    """Write an annotated template scenario NAME.toml to start your own case."""
    from importlib import resources

    from somsim._hygiene import printable
    from somsim._io import OutputSet
    from somsim.scenario.names import slugify

    slug = slugify(name)  # the documented rule: æ→ae, ø→oe, å→aa, other letters without accents
    if not slug:
        raise UsageError(f"NAME needs letters or digits (got {printable(repr(name))})")
    target = out_path or Path(f"{slug}.toml")
    if target.exists() and not force:
        raise UsageError(f"{printable(str(target))} exists; use --force to overwrite it")
    outputs = OutputSet()
    outputs.check(target)
    text = resources.files("somsim.cli").joinpath("template.toml").read_text(encoding="utf-8")
    with outputs:
        outputs.add_text(target, text.replace('id = "my-case"', f'id = "{slug}"'))
    click.echo(f"wrote {printable(str(target))}: edit it, then run `somsim check {printable(str(target))}`")
