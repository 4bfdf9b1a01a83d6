log = []
def attempt(x):
    try:
        r = 10 // x
    except ZeroDivisionError:
        log.append("except")
        r = -1
    else:
        log.append("else")
    finally:
        log.append("finally")
    return r
return attempt(2), attempt(0), log
