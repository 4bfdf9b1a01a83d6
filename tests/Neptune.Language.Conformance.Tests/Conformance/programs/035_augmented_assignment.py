x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
y = 2.5
y /= 2
y **= 2
s = "ab"
s += "cd"
s *= 2
return x, y, s
