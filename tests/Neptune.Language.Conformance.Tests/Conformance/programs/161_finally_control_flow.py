def f():
    try:
        return 1
    finally:
        return 2
def g():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(i)
        finally:
            out.append("f")
    return out
def h():
    try:
        raise ValueError("a")
    except ValueError:
        return "handled"
    finally:
        print("finally runs")
try:
    try:
        1 / 0
    finally:
        print("inner finally")
except ZeroDivisionError as e:
    print("caught", e)
return f(), g(), h()
