"""Course types as a dated code list: BAMF integration courses and job-related language courses."""
