"""SQLAlchemy storage: typed models, repositories, the unit of work and the engine set-up."""
