l = [3, 1, 2]
l.append(4)
l.extend([5, 6])
l.insert(0, 0)
l.insert(100, 99)
l.insert(-1, 7)
p = l.pop()
p0 = l.pop(0)
l.remove(7)
return l, p, p0
