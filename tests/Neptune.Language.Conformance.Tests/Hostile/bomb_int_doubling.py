x = 1
while True:
    x *= 2
return x
