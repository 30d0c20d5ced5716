"""Resolve stage: mentions → entities (people, organisations), with names and merge reasons."""
