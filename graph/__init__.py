"""The graph model, canonical identities, entity resolution, stores and the RDF export."""
