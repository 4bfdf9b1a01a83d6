nums = [3, -1, 4, -1, 5, -9, 2, 6]
return (sum(x for x in nums if x > 0), any(x > 5 for x in nums), all(x != 0 for x in nums), min(abs(x) for x in nums), max(x * 2 for x in nums), sorted(x % 4 for x in nums))
