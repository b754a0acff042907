"""The ways quizzer talks to a learner: arrow-key prompts, plain lines, rich tables."""
