"""The evaluation suite: question set, runner, quality gate and reports."""
