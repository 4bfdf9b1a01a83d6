pairs = [(1, "a"), (0, "b"), (1, "c"), (0, "d")]
return max(pairs, key=lambda p: p[0]), min(pairs, key=lambda p: p[0]), max([1, 1.0]), min([1.0, 1])
