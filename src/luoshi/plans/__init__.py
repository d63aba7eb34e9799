"""Plans: a report imported for an organisation and year, with its statements and targets."""
