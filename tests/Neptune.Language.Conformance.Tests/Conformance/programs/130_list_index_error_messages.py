out = []
try:
    [1, 2].index(5)
except ValueError as e:
    out.append(str(e))
try:
    [1].remove(9)
except ValueError as e:
    out.append(str(e))
try:
    "abc".index("z")
except ValueError as e:
    out.append(str(e))
try:
    (1,).index(3)
except ValueError as e:
    out.append(str(e))
return out
