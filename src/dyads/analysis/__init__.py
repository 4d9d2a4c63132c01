"""Read-only analytics over the store (aggregates, timelines, networks); never runs NLP."""
