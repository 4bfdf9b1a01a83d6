def sign(n):
    return "neg" if n < 0 else "zero" if n == 0 else "pos"
return [sign(-3), sign(0), sign(8)]
