log = []
try:
    try:
        raise KeyError("inner")
    except KeyError:
        log.append("handled once")
        raise
except KeyError as e:
    log.append("outer " + str(e))
return log
