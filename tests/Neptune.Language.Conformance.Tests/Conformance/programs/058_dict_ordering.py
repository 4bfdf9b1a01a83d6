d = {}
for k in ["z", "y", "x"]:
    d[k] = len(d)
d.pop("y")
d["y"] = 9
d["z"] = 0
return d, [k for k in d]
