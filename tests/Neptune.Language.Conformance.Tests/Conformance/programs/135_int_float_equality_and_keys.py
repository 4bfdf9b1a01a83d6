d = {1: "one"}
d[1.0] = "float one"
d[True] = "true"
return d, len(d), 0.5 == 1 / 2, 2 ** 53 + 1.0 == 2 ** 53
