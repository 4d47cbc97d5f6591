"""The workshop samples' generators, one module per sample; scripts/make_samples.py runs them all."""
