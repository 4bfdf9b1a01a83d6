d = {"a": 1, "b": 2}
return (1 in [1, 2], 3 in [1, 2], "ell" in "hello", "" in "abc", "a" in d, 1 in d, 2 not in (1, 2), 3 in range(5), 5 in range(5), 4 in {4, 5})
