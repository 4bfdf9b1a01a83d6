a, b = 1, 2
a, b = b, a
(c, d), e = (3, 4), 5
f, g = [1, 2, 3][1:] if False else (6, 7)
return a, b, c, d, e, f, g
