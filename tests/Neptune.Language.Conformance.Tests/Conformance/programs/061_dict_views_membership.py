d = {"a": 1, "b": 2}
return ("a" in d.keys(), 2 in d.values(), ("b", 2) in d.items(), len(d.items()), sorted(d.values(), reverse=True))
