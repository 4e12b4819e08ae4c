"""`koko-admin`: the key chores of running Koko (API keys, pseudonym keys, service secrets)."""
