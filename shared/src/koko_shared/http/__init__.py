"""HTTP plumbing every Koko service shares: request-body guard and the uvicorn server setup."""
