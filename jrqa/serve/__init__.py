"""``jrqa serve``: the HTTP API and the chat page in one process, and a client for it.

The API answers ``/v1/ask`` and the OpenAI-compatible ``/v1/chat/completions``; the
client is what ``jrqa ask`` uses to reach a running server.

The client side (``client``, ``pins``) imports only the standard library and jrqa's own
light modules, so that ``jrqa ask`` answers through a running server without loading
llama-index, chromadb or FastAPI.
"""
