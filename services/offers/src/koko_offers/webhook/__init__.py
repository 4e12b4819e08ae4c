"""Webhooks: partner subscriptions, a transactional outbox of deliveries and its dispatcher."""
