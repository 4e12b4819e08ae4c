"""Fields of action (Handlungsfelder) of the actor network: a dated code list like the course
types, labelled in every served language."""
