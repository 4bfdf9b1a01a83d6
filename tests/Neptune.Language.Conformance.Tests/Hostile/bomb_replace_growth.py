s = "a" * 10000
return s.replace("a", "a" * 10000)
