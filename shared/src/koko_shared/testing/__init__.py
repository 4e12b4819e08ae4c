"""Test helpers: a fresh migrated database per test session, rolled-back sessions per test."""
