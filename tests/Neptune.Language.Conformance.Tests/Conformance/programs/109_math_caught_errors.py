import math
out = []
for v in [4, -4, 0]:
    try:
        out.append(math.log(v) if v != 4 else math.sqrt(v))
    except ValueError as e:
        out.append(str(e))
return out
