t = (1, 2, 3, 2)
return (t.index(2), t.count(2), len(t), t + (5,), t * 2, (1,), (), tuple([1, 2]), tuple("ab"))
