out = []
try:
    1 / 0
except ZeroDivisionError as e:
    out.append(str(e))
try:
    [][0]
except IndexError as e:
    out.append(str(e))
try:
    {}["k"]
except KeyError as e:
    out.append(str(e))
try:
    int("x")
except ValueError as e:
    out.append(str(e))
return out
