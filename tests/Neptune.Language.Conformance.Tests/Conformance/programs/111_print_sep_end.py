print("x", "y", "z", sep="", end="!\n")
for i in range(3):
    print(i, end=" ")
print()
print("tab", "sep", sep="\t")
return "done"
