def key(x):
    return key(x)
return sorted([3, 1, 2], key=key)
