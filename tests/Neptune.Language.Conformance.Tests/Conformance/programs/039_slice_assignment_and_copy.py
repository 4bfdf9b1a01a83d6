l = [0, 1, 2, 3, 4]
c = l[:]
c.append(5)
t = (1, 2, 3, 4)
return l, c, t[1:3], t[::-1], "hello"[1:-1]
