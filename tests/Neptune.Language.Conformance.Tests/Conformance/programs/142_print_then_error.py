print("before")
values = [1, 2]
print(values[0])
return values[5]
