"""Open Referral HSDS 3.1 API of the published catalogue (public, CORS *)."""
