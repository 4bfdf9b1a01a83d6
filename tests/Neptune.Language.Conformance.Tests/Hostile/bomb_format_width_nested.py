w = 10 ** 9
return f"{'a':{w}}"
