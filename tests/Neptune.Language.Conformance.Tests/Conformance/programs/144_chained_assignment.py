a = b = c = 5
a += 1
x = y = []
x.append(1)
return a, b, c, y, x is y
