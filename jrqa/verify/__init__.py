"""Verification: what a drafted sentence may cite, and whether its citations support it."""
