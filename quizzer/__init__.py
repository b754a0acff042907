"""quizzer: quizzes and flashcards in the terminal, with history that is never lost."""

__version__ = "0.1.0"
