"""Use cases: plain functions taking a unit of work and the acting operator."""
