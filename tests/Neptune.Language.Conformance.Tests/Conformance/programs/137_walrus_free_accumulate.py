best = None
for v in [3, 9, 2, 9, 1]:
    if best is None or v > best:
        best = v
return best
