"""One learner's devices kept in step through a folder a file-sync tool already syncs.

Each device writes only its own files in the folder (`quiz sync`): its answers as JSON Lines
segments, its decks, and a small record of itself; it reads the others' from where it left
off. ARCHITECTURE.md's sync section describes the files and what a kill at each step leaves.
"""
