x = [1, 2]
del x[0]
return x
