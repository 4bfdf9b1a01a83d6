def check(v):
    if v < 0:
        raise ValueError("negative value: " + str(v))
    return v
out = []
for v in [1, -2]:
    try:
        out.append(check(v))
    except ValueError as e:
        out.append(str(e))
return out
