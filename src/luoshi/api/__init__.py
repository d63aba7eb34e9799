"""The REST API over the same data and the same permissions as the pages."""
