"""voi layer."""
