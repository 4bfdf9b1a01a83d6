s = {1}
s.update([2, 3], (4,))
c = s.copy()
c.add(10)
s.clear()
return sorted(c), len(s), {5}, set([7, 7, 7])
