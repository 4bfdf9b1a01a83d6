def f(a, b):
    return a + b
xs = [1, 2]
return f(*xs)
