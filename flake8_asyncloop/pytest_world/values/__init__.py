"""What an async fixture hands to its requesters, and whether it survives a loop switch (ALP002)."""
