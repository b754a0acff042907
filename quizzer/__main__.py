"""Lets `python -m quizzer` do what the `quiz` command does."""

from quizzer.cli import main

main()
