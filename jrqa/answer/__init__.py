"""The answer path: analyse the question, judge the candidates, gate, quote or draft, cite."""
