d = dict([("a", 1), ("b", 2)])
e = dict(zip("xyz", range(3)))
f = dict(d)
f["a"] = 99
return d, e, f, dict()
