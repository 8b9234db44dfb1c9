"""Command modules of the CLI; each exposes ``register(subparsers)`` and sets ``func`` on its parser."""

from vankien.commands import export, extract, graph, serve

COMMAND_MODULES = [extract, graph, serve, export]
