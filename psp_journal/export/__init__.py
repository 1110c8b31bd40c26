"""The supervisor export: a summary built from records as plain data, its renderers, the
signature that lets a supervisor trust a JSON summary, and the checks `review` makes.

Pure functions over plain data: nothing here opens the vault, reads the clock or loads
Textual; the journal passes records, the period and "today" in.
"""
