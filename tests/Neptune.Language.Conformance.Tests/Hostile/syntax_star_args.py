def f(*args):
    return args
return f(1, 2)
