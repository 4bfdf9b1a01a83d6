x = 3
if x > 10:
    return "large"
x += 1
