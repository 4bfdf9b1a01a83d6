a = None
b = 0
return (a is None, b is None, a is not None, b is not None, None is None)
