pts = [(1, (2, 3)), (4, (5, 6))]
out = []
for a, (b, c) in pts:
    out.append(a + b * c)
for i, (k, v) in enumerate({"x": 1, "y": 2}.items()):
    out.append((i, k, v))
return out
