try:
    while True:
        pass
except BaseException:
    pass
return "escaped"
