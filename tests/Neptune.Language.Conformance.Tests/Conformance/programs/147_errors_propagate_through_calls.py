def parse(s):
    return int(s)
def total(items):
    t = 0
    for s in items:
        t += parse(s)
    return t
results = []
for batch in [["1", "2"], ["3", "x"], []]:
    try:
        results.append(total(batch))
    except ValueError as e:
        results.append("bad: " + str(e))
return results
