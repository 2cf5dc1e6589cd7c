"""Scorers for talkwatch's extractors against annotated corpora."""
