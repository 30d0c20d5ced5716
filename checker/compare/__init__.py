"""Compare stage: claims built from assertions, aligned across sources, checked by the rules.

``claims`` turns assertions into claim rows, ``engine`` runs the configured rules over them, and
``rules/`` holds one module per rule type. Nothing here imports pandas at import time, so
``checker validate`` stays fast.
"""
