vals = [0, 1, "", "s", [], [0], {}, {1: 2}, None, 0.0, -0.0, (), (0,), range(0), range(1)]
out = []
for v in vals:
    if v:
        out.append(1)
    else:
        out.append(0)
return out
