words = ["apple", "bob", "kiwi", "banana"]
d = {w: len(w) for w in words if len(w) > 3}
inv = {v: k for k, v in d.items()}
return d, inv
