"""Demo content: the page tree of the README filled with realistic Vietnamese news."""
