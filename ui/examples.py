"""Questions offered on the chat page as a starting point; each is answerable from the seeds."""

EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "Who signed the Tokyo Declaration?",
    "Which Russian warships left Vladivostok for the air defense exercise?",
    "How large was Russia-Japan trade in 2013?",
    "Which summit did Kishida say he would attend?",
)
