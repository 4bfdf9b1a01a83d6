d = {"b": 2, "a": 1}
d["c"] = 3
d["b"] = 20
return d, list(d), list(d.keys()), list(d.values()), list(d.items()), len(d), d["a"]
