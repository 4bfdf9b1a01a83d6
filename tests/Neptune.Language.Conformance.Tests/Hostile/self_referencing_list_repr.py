x = [1]
x.append(x)
return x
