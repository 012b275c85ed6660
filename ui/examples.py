"""Questions offered on the chat page as a starting point; each is answerable from the seeds."""

EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "What did Putin say in his telegram to Kishida?",
    "Which Russian cities does Abe plan to visit, according to the Yomiuri?",
    "What did Shoigu say about the US missile defense system?",
    "What did Lavrov say about the 2 +2 format of the meeting?",
)
