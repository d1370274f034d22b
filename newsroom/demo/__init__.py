"""Demo content: the DESIGN.md page tree filled with realistic Vietnamese news."""
