"""distributions layer."""
