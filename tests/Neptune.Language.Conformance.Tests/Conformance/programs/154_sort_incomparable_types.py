out = []
try:
    sorted([3, "a", 1])
except TypeError as e:
    out.append(str(e))
try:
    max([1, None])
except TypeError as e:
    out.append(str(e))
try:
    [1, 2] < [1, "x"]
except TypeError as e:
    out.append(str(e))
return out
