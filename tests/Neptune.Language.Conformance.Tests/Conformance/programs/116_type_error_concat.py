return "a" + 1
