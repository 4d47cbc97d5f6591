"""Can this data teach a model: the profile, its checks, personal data, near duplicates, the split, platform rules."""
