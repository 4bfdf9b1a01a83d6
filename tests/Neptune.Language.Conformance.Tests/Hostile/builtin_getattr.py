return getattr([], "__class__")
