"""Rule types, one module each; ``REGISTRY`` maps a ``type`` in ``rules.yaml`` to its module."""

from __future__ import annotations

from types import ModuleType

from checker.compare.rules import confirmation, consistency, corroboration, naming, required, temporal

REGISTRY: dict[str, ModuleType] = {
    module.TYPE: module for module in (consistency, temporal, corroboration, required, confirmation, naming)
}
