"""Coverage-guided fuzzing of refman's readers (atheris), run apart from the test suite: see README.md."""
