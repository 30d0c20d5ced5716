"""Report stage: formats ``StoryResult`` records; writes files atomically."""

from __future__ import annotations

from checker.files import write_atomic

__all__ = ["write_atomic"]
