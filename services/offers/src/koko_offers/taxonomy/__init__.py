"""The category taxonomy spanning the education chain, from early childhood to leisure."""
