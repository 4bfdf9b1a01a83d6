try:
    1 / 0
except ZeroDivisionError as __class__:
    pass
return 1
