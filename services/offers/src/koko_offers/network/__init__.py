"""The actor network of a region as a graph: figures (degree, betweenness, components, brokers),
coverage of the fields of action by area, change between two dates, GraphML/GEXF exports and a
drawing (SVG/PNG)."""
