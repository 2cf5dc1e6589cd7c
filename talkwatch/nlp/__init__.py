"""Language processing: the spaCy pipeline, quotes, attribution, speakers, issues, stance."""
