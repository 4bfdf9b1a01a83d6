try:
    x = 1
finally:
    while True:
        pass
return x
