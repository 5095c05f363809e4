"""`somsim init`: write an annotated template scenario (its comments in the user's language)."""

from __future__ import annotations

from pathlib import Path

import click

from somsim.cli.options import Command, lang_option
from somsim.errors import UsageError

#: the template of each language: the same keys and values, the comments in that language
TEMPLATES = {"da": "template_da.toml", "en": "template.toml"}


@click.command(cls=Command)
@click.argument("name")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the scenario (default: NAME.toml).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@lang_option()
def init(name: str, out_path: Path | None, force: bool, lang: str) -> None:
    """Write an annotated template scenario NAME.toml to start your own case."""
    from importlib import resources

    from somsim._hygiene import printable
    from somsim._io import OutputSet
    from somsim.present.locale import strings
    from somsim.scenario.names import slugify

    C = strings(lang).CONSOLE
    slug = slugify(name)  # the documented rule: æ→ae, ø→oe, å→aa, other letters without accents
    if not slug:
        raise UsageError(C["init_no_slug"].format(name=printable(repr(name))))
    target = out_path or Path(f"{slug}.toml")
    if target.exists() and not force:
        raise UsageError(C["init_exists"].format(path=printable(str(target))))
    outputs = OutputSet()
    outputs.check(target)
    text = resources.files("somsim.cli").joinpath(TEMPLATES[lang]).read_text(encoding="utf-8")
    with outputs:
        outputs.add_text(target, text.replace('id = "my-case"', f'id = "{slug}"'))
    click.echo(C["init_wrote"].format(path=printable(str(target))))
