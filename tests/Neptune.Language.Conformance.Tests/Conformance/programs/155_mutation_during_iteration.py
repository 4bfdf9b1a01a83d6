d = {1: "a", 2: "b"}
try:
    for k in d:
        d[k + 10] = "new"
except RuntimeError as e:
    msg = str(e)
s = {1, 2}
try:
    for v in s:
        s.add(v + 10)
except RuntimeError as e:
    msg2 = str(e)
l = [1, 2, 3]
seen = []
for v in l:
    seen.append(v)
    if v == 1:
        l.remove(v)
return msg, msg2, seen, l
