a = {1, 2}
b = {1, 2, 3}
return (a.issubset(b), b.issuperset(a), a.isdisjoint({7}), a <= b, a < b, b < b, a == {2, 1}, len(set()), set() == set([]), sorted(set("hello")))
