"""What the cleaner gives: the header fields and the body's blocks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DumpResult:
    title: str | None = None
    subtitle: str | None = None
    article_type: str | None = None
    section: str | None = None
    image_credit: str | None = None
    blocks: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.blocks)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "article_type": self.article_type,
            "section": self.section,
            "image_credit": self.image_credit,
            "text": self.text,
        }
