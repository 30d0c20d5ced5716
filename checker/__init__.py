"""checker: a cross-source consistency checker for news stories."""

__version__ = "0.1.0"
