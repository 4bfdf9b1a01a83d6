s = {1, 2, 3}
s.add(4)
s.add(2)
s.discard(1)
s.discard(100)
s.remove(3)
t = {2, 5}
return (sorted(s), sorted(s | t), sorted(s & t), sorted(s - t), sorted(s ^ t), sorted(s.union(t, {9})), sorted(s.intersection(t)), sorted(s.difference(t)), sorted(s.symmetric_difference(t)))
