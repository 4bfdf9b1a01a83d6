f = lambda x, y=10: x * y
g = lambda: 42
h = lambda a, b=2, c=3: a + b * c
return (f(2), f(2, 3), g(), h(1), h(1, c=0), h(a=1, b=1, c=1))
