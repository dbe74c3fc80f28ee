"""Developer tools that read rillet's own declarations (``python -m rillet.tools.<tool>``)."""
