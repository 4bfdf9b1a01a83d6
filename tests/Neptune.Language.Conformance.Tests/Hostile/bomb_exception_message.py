raise ValueError("x" * 10 ** 9)
return 1
