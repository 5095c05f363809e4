"""sensitivity layer."""
