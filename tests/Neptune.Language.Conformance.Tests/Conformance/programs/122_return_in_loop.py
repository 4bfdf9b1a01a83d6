for i in range(100):
    if i * i > 50:
        return i
return -1
