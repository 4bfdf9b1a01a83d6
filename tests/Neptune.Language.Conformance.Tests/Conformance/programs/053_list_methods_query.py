l = [1, 2, 3, 2, 1]
return (l.index(2), l.index(1, 1), l.count(1), l.count(9), len(l), l.copy(), l[::-1])
