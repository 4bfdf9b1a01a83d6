for i in range(10 ** 9):
    try:
        x = [0] * 10 ** 9
    except Exception:
        pass
return "escaped"
