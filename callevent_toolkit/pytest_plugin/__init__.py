"""pytest plugin for callevent-toolkit (registered through the ``pytest11`` entry point)."""
