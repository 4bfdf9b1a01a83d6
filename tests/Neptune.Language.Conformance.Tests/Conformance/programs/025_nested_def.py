def outer(x):
    def middle(y):
        def inner(z):
            return x + y + z
        return inner(y * 2)
    return middle(x * 10)
return outer(1), outer(2)
