lst = [1, 2, 3]
lst[0] += 10
lst[-1] *= 5
d = {"a": 1}
d["a"] += 1
d["b"] = d.get("b", 0) + 7
m = [[0, 0], [0, 0]]
m[1][0] += 3
return lst, d, m
