try:
    s = "a" * 10 ** 9
except Exception:
    s = "recovered"
return s
