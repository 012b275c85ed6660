"""The Gradio chat page; the only part of jrqa that imports gradio."""
