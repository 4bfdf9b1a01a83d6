d = {"b": 1, "a": 2, "c": 0}
return (sorted(d), sorted(d, key=d.get), sorted(d.items(), key=lambda kv: kv[1], reverse=True), list(enumerate(d)), max(d, key=lambda k: d[k]), min("hello", "world"), list(zip("ab", [1, 2], (True, False))), any([0, "", None]), all([1, "a", [0]]), sum(d.values()), len(set("mississippi")), {1, 2}.pop())
