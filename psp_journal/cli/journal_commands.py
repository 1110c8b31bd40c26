"""Commands that record and read the journal."""
