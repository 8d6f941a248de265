"""Pure rules: validators, normalisers, the field registry, DTOs. No I/O, SQLAlchemy or Textual."""
