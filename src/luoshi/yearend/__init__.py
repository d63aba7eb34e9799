"""Year-end verification in the web app: a plan's targets checked against the next year's report."""
