"""What the journal notices about its user: strain, the step-back rhythm, their plain
words, and the crisis lines. Pure functions over plain data; no vault, no clock."""
