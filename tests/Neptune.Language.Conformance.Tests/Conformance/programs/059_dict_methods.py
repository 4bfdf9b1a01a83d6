d = {"a": 1, "b": 2}
g1 = d.get("a")
g2 = d.get("zz")
g3 = d.get("zz", -1)
s1 = d.setdefault("c", 3)
s2 = d.setdefault("a", 100)
p1 = d.pop("b")
p2 = d.pop("missing", "dflt")
d.update({"d": 4, "a": 0})
d.update([("e", 5)])
e = d.copy()
item = d.popitem()
d.clear()
return g1, g2, g3, s1, s2, p1, p2, e, item, d
