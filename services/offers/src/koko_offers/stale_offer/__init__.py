"""Provider self-service: offers not confirmed by their provider for too long are stale."""
