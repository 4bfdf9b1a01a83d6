a = [1, 2]
b = a + [3]
c = a * 3
d = [[0] * 2 for _ in range(2)]
d[0][0] = 1
return a, b, c, d, [] * 5
