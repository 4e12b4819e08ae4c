"""Partner feeds over REST: HSDS 3.1, iCalendar of course starts, schema.org JSON-LD."""
