w = ["kiwi", "fig", "banana"]
return (min(3, 1, 2), max([3, 1, 2]), min(w, key=len), max(w, key=len), min([], default=None), max((), default=-1), max("hello"), min([4, 2, 2], key=lambda x: -x), max(1, 2.5), min(w))
