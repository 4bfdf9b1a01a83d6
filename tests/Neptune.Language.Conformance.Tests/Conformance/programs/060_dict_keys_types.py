d = {1: "int", 2.5: "float", "s": "str", (1, 2): "tuple", True: "bool", None: "none"}
return d, d[1], d[(1, 2)], 1.0 in d
