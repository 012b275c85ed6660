"""llama-index's llama.cpp LLM, with a way to free the model it loaded."""

from __future__ import annotations

from llama_index.llms.llama_cpp import LlamaCPP


class ClosableLlamaCPP(LlamaCPP):
    """``LlamaCPP`` that can release its ``Llama`` before interpreter shutdown."""

    def close(self) -> None:
        """Free the model's memory now rather than in a finaliser at exit."""
        self._model.close()
