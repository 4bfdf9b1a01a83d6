data = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
return sorted(data, key=lambda p: p[0]), sorted(data, key=lambda p: p[0], reverse=True)
