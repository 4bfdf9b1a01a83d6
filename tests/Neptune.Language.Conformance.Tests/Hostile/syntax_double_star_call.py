def f(a, b):
    return a + b
return f(**{"a": 1, "b": 2})
