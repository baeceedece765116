"""``python -m aircheck`` runs the command line."""

from .cli import main

main()
