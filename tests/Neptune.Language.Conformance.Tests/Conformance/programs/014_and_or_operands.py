return (0 or "x", "" or 0, 3 and 4, 0 and 4, None or [], [1] and "y", "a" or "b", 0 or None)
