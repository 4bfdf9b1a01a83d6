out = []
for i in range(10):
    if i % 2 == 0:
        continue
    if i > 7:
        break
    out.append(i)
else:
    out.append("no break")
for j in range(2):
    pass
else:
    out.append("completed")
return out
