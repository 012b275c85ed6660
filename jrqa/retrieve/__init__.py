"""Retrieval: hybrid passage search, and the passages' sentences scored for relevance."""
