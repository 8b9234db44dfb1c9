"""Reading Party documents and extracting documents, citations, tasks and assignments from them."""

EXTRACTOR_VERSION = "0.1.0"
