d = {"a": 1, "b": 2, "c": 3}
for k in list(d):
    if d[k] % 2:
        d.pop(k)
total = 0
for k, v in d.items():
    total += v
return d, total
