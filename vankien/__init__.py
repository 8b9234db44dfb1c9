"""vankien: a knowledge graph of Vietnamese Party directive citations."""

__version__ = "0.1.0"
