"""checker: a cross-source consistency checker for news stories.

Distributed on PyPI as ``newschecker`` (the name ``checker`` belongs to another project); the
import package and the command are ``checker``.
"""

__version__ = "0.1.0"
DISTRIBUTION = "newschecker"
HOMEPAGE = "https://github.com/OWNER/checker"
