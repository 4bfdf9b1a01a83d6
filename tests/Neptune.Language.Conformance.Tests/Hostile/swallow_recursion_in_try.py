def f(n):
    try:
        return f(n + 1)
    except Exception:
        return f(n + 1)
return f(0)
