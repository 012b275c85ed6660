"""Language models for the generative modes: one base, one module per backend."""
