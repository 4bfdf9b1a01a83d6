k = 10
def f(x, scale=k):
    return x * scale
k = 20
def g(items=[]):
    items.append(len(items))
    return items
first = g()
second = g()
return f(2), first, second, first is second, g([7])
