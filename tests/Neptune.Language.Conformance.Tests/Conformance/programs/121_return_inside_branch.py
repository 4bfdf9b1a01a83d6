x = 7
if x > 5:
    return "big"
return "small"
