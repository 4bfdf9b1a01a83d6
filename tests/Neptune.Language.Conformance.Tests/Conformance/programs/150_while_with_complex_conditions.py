i = 0
j = 10
trace = []
while i < j and not (i == 3 and j == 7):
    if (i + j) % 3 == 0 or i * j > 20:
        trace.append((i, j))
    i += 1
    j -= 1
else:
    trace.append("else")
return trace, i, j
