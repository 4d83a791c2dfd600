"""Where the content lives, without reading it (so a cached start need not load the YAML parser)."""

from __future__ import annotations

from pathlib import Path


def package_content_dir() -> Path:
    """The content shipped with the package (inside a wheel, or the source checkout)."""
    here = Path(__file__).resolve().parent
    bundled = here / "content"
    return bundled if (bundled / "intents").is_dir() else here.parent


def content_files(root: Path) -> list[Path]:
    """Every file a content directory's responder is built from, in a fixed order."""
    found: list[Path] = []
    # A language's folders (intents/es/, responses/es/) are content too.
    for pattern in (
        "intents/*.y*ml",
        "intents/*/*.y*ml",
        "responses/*.y*ml",
        "responses/*/*.y*ml",
        "responses/source/*",
    ):
        found += sorted(p for p in root.glob(pattern) if p.is_file())
    return found
