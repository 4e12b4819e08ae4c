"""Catalogue rows to HSDS 3.1 objects, one module per HSDS object."""
