s = "banana"
return (s.find("an"), s.find("an", 2), s.rfind("an"), s.find("x"), s.index("n"), s.rindex("a"), s.count("a"), s.count("an"), s.replace("a", "o"), s.replace("a", "o", 2), s.replace("", "-"))
