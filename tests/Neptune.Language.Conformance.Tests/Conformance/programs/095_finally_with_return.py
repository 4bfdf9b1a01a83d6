log = []
def f():
    try:
        return "try"
    finally:
        log.append("cleanup")
def g():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            log.append(i)
    return "g"
return f(), g(), log
