out = []
for thing in [0, "a", None]:
    try:
        out.append(10 / thing)
    except (ZeroDivisionError, TypeError) as e:
        out.append("caught " + str(e))
try:
    (1, 2)[5]
except LookupError:
    out.append("lookup")
try:
    2 % 0
except ArithmeticError:
    out.append("arith")
try:
    [].pop()
except Exception as e:
    out.append("exc " + str(e))
return out
