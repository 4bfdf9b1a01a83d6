a, b = range(10 ** 12)
return a
