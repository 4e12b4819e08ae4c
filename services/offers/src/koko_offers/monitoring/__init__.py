"""The council's monitoring report: made from what the public API publishes, read anonymously
through the gateway, so every number in it equals the API's."""
