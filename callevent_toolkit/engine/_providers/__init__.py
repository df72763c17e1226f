"""Value providers: what a realistic CallEvent holds at each position (see :mod:`._callevent`)."""
