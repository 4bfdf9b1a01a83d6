try:
    1 / 0
except ZeroDivisionError as e:
    return e.__traceback__
return None
