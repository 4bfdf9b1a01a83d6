def f(a, b=2, c=3):
    return a * 100 + b * 10 + c
return [f(1), f(1, 5), f(1, c=9), f(a=4, b=0, c=0), f(7, 8, 9)]
