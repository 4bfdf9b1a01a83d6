try:
    while True:
        pass
except Exception:
    pass
return "escaped"
