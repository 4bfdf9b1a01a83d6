seen = {}
for key in [(1, 2), (2, 1), (1, 2)]:
    seen[key] = seen.get(key, 0) + 1
return seen, (1, 2) < (1, 3), (2,) > (1, 9), sorted([(2, "b"), (1, "z"), (2, "a")])
