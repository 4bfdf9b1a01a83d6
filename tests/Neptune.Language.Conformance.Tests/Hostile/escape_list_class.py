return [].__class__
