return sorted(["b", "A", "a", "B", "_", "1"]), "apple" < "apricot", "a" * 3 == "aaa", max("abc", "abd"), min(["zz", "z"])
