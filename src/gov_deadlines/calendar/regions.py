"""Provincial-level regions: resolving a name to one region, and the overlays bundled for it.

Regions may add statutory days off of their own (《全国年节及纪念日放假办法》 Art. 4: minority
festivals are set by the local governments of the areas concerned). Overlay data lives in
``calendar/data/regions/<ISO code>/<year>.json`` in the holiday-cn schema plus ``region``,
``reported`` and ``note``.
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

import attrs

from gov_deadlines.errors import InvalidArgument, UnknownRegion

__all__ = ["Region", "bundled_overlays", "resolve_region"]


@attrs.frozen
class Region:
    """A provincial-level division: ISO 3166-2 code, Chinese short and full names, pinyin.

    >>> resolve_region("CN-NX").name
    '宁夏'
    """

    code: str
    name: str
    full_name: str
    pinyin: str


@functools.cache
def _table() -> dict[str, Region]:
    import json

    text = (_folder() / "regions.json").read_text("utf-8")
    index: dict[str, Region] = {}
    for code, name, full, pinyin in json.loads(text)["regions"]:
        region = Region(code, name, full, pinyin)
        for key in (code, name, full, pinyin, pinyin.replace(" ", "")):
            index[key.casefold()] = region
    return index


def _folder() -> Traversable:
    return resources.files("gov_deadlines.calendar") / "data" / "regions"


def resolve_region(name: str) -> Region:
    """The region for a Chinese name (``宁夏``, ``宁夏回族自治区``), pinyin or ISO code (``CN-NX``).

    >>> resolve_region("ningxia").code, resolve_region("广西壮族自治区").name
    ('CN-NX', '广西')
    """
    if not isinstance(name, str):
        raise InvalidArgument(
            f"region must be a name or ISO code string, got {type(name).__name__}: {name!r}"
        )
    region = _table().get(name.strip().casefold())
    if region is None:
        raise UnknownRegion(name)
    return region


def bundled_overlays(region: Region) -> list[Traversable]:
    """The overlay files shipped for ``region``, oldest year first (may be empty)."""
    folder = _folder() / region.code
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
