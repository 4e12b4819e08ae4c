"""Actors, roles per region, token verification and the signed identity the gateway passes on."""
