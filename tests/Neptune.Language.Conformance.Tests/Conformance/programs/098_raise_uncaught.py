x = 3
raise ValueError(f"bad value {x}")
return x
