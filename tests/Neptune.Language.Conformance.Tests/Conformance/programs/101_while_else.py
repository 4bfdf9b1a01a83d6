def find(xs, target):
    i = 0
    while i < len(xs):
        if xs[i] == target:
            break
        i += 1
    else:
        return -1
    return i
return find([4, 5, 6], 5), find([4, 5, 6], 9), find([], 1)
