"""Text primitives every stage shares: sentences with offsets, terms, citation markers."""
