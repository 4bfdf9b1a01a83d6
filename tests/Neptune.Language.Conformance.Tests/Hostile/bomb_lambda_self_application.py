f = lambda g: g(g)
return f(f)
