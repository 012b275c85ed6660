"""The index: encoders, the Chroma store and manifest, sentence vectors and BM25."""
