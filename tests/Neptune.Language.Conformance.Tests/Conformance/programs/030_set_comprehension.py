s = {x % 3 for x in range(10)}
return sorted(s), len(s), 2 in s
