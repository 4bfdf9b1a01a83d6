out = []
try:
    raise ValueError
except ValueError as e:
    out.append(("empty", str(e), e.args))
try:
    raise KeyError("k", 1)
except KeyError as e:
    out.append(("pair", str(e), e.args))
try:
    {(1, 2): 3}[(1, 3)]
except KeyError as e:
    out.append(("tuple", str(e)))
try:
    raise ValueError("one", "two")
except Exception as e:
    out.append(("two", str(e)))
return out
