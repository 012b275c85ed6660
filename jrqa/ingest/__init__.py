"""Ingest: find and read article files, clean them, chunk them, and store them."""
