while True:
    try:
        try:
            1 / 0
        except ZeroDivisionError:
            pass
    except Exception:
        pass
return 1
