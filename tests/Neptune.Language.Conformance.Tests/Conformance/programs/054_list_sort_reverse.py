l = [5, 2, 9, 1, 5, 6]
l.sort()
a = l[:]
l.sort(reverse=True)
b = l[:]
w = ["pear", "Fig", "apple", "kiwi"]
w.sort(key=len)
c = w[:]
w.reverse()
l.clear()
return a, b, c, w, l
