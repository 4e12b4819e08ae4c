"""Ties between actors (cooperation agreements, referrals, working contacts, funding) and their
memberships in working groups and round tables, each dated."""
