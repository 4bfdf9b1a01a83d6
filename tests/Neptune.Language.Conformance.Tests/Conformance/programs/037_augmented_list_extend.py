a = [1]
b = a
a += [2, 3]
t = (1,)
u = t
t += (2,)
return a, b, t, u, a is b
