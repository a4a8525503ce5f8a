"""Konton, inloggning och personuppgifter (issue #14)."""
