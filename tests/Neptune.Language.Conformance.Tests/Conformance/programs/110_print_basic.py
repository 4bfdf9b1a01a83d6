print("hello")
print(1, 2, 3)
print("a", "b", sep="-")
print("no newline", end="")
print()
print([1, "x"], (2,), None, 1.5)
return None
