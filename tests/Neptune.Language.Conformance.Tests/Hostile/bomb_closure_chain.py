f = lambda: 0
for _ in range(100000):
    f = (lambda g: lambda: g())(f)
return f()
