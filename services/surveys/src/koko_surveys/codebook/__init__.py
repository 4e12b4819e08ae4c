"""The codebook of a wave: what an integration script sends and in which formats."""
