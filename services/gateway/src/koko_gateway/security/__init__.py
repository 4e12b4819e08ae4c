"""Protection of the gateway: auth, operation limits, persisted operations, rate limits."""
